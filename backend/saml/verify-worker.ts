// Piscina worker: runs the CPU-bound half of ACS validation.
import { verifyResponse, type VerifyInput, type VerifyOutput } from './acs-verify.ts';

export default function verify(input: VerifyInput): Promise<VerifyOutput> {
  return verifyResponse(input);
}
