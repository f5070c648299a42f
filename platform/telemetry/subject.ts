/**
 * The caller as logs and spans name them: a digest of the subject, stable
 * across policy versions (unlike the policy fingerprint), so an operator
 * can follow one caller's requests without the logs holding who it is.
 */
import { sha256 } from '../hash.ts';

export const subjectHash = (subject: string): string => sha256(`dpg-subject\u0000${subject}`).slice(0, 16);
