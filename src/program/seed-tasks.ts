/**
 * Tasks of the default responsibility list that the relay acts on, in the list's wording (see the
 * responsibilities migration): whoever holds one is the person the relay turns to for it.
 */
export const seedTasks = {
  backgroundChecks: 'performing background checks on potential mentors',
  mentorContact:
    'communicating regularly with accepted mentors (soliciting and tracking feedback about the progress of program, answering questions, trouble-shooting, etc.)',
  protegeContact:
    'communicating regularly with protegés about the program (soliciting and tracking feedback about the progress of program, answering questions, trouble-shooting, etc.)',
  parentContact:
    'communicating regularly with parents of youth involved in the program (orienting them about the program, soliciting and tracking feedback about the progress of program, answering questions, trouble-shooting, etc.)',
} as const;
