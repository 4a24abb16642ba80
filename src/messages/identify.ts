import type { Direction } from './message.table.js';

export interface PairParticipants {
  mentorId: number;
  protegeId: number;
}

export interface Side {
  direction: Direction;
  senderId: number;
  recipientId: number;
}

/**
 * Which side of the pair a sender is on, or null when the sender is neither participant.
 * `senderId` is the person the sender's address belongs to (null for an unknown address).
 */
export function identifySide(pair: PairParticipants, senderId: number | null): Side | null {
  if (senderId === null) return null;
  if (senderId === pair.mentorId) return { direction: 'mentor_to_protege', senderId, recipientId: pair.protegeId };
  if (senderId === pair.protegeId) return { direction: 'protege_to_mentor', senderId, recipientId: pair.mentorId };
  return null;
}

/**
 * The address that identifies the sender: the header From (what the participant's client shows),
 * or the envelope sender when the message has no usable From.
 */
export function senderAddress(headerFrom: string | null, envelopeFrom: string): string | null {
  const address = headerFrom ?? envelopeFrom.trim().toLowerCase();
  return address.includes('@') ? address : null;
}
