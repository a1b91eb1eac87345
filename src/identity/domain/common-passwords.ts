/**
 * Passwords that top every leaked-password list (lower-cased). A password equal to one of
 * these, ignoring case and trailing digits/punctuation, is refused.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(`
123456 123456789 12345678 password qwerty 12345 1234567 111111 1234567890 123123 abc123 1234 password1
iloveyou 1q2w3e4r 000000 qwerty123 zaq12wsx dragon sunshine princess letmein 654321 monkey 27653 1qaz2wsx
123321 qwertyuiop superman asdfghjkl 666666 987654321 michael football baseball welcome shadow master
jennifer hunter ranger buster soccer harley andrew charlie daniel jessica pepper 121212 trustno1 access
killer jordan hockey thomas george computer michelle liverpool summer ashley matthew starwars whatever
freedom secret nicole cheese amanda joshua maggie biteme hello batman passw0rd password123 admin
administrator welcome1 login changeme default guest root test test123 qwe123 abcd1234 asdf1234 qazwsx
1qazxsw2 q1w2e3r4 zxcvbnm asdfgh qwertz azerty 112233 159753 147258369 789456123 11111111 22222222
88888888 99999999 00000000 12341234 123qwe 123abc abc12345 aa123456 a123456 password12 pass1234
iloveyou1 sunshine1 princess1 football1 monkey123 dragon123 letmein1 trustno1 starwars1 welcome123
loveme lovely flower hottie 696969 mustang jordan23 tigger chelsea arsenal barcelona realmadrid
mercedes ferrari porsche corvette samsung google facebook youtube twitter linkedin microsoft apple
reserva booking senha senha123 mudar123 parola пароль qwerty1 1q2w3e 1q2w3e4r5t 1qaz2wsx3edc zaq1xsw2
adminadmin rootroot temppass temp1234 p@ssw0rd p@ssword pa55word passpass letmein123 secret123
`.trim().split(/\s+/));

/** The password with case and the digits/punctuation people tack on at the end ignored. */
export function commonPasswordStem(password: string): string {
  return password.toLowerCase().replace(/[\d!@#$%^&*.?_-]+$/u, '');
}
