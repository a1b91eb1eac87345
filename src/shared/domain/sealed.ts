/**
 * Data sealed with one person's key (AES-256-GCM, base64url; the tag ends `data`). Events carry
 * personal data in this form so that erasing the key erases every copy in the log.
 */
export interface Sealed {
  keyOwner: string;
  alg: 'A256GCM';
  iv: string;
  data: string;
}
