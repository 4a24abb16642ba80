/** `1 pair`, `3 pairs`; `many` for a plural that is not the word and an s (`2 parties`). */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
