import argon2 from 'argon2';

// argon2id with the library's defaults (64 MiB, 3 passes, parallelism 4): OWASP's recommended
// baseline. The parameters are stored in each hash, so raising them later still verifies old ones.
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// Made once, lazily: verifying against it when the username is unknown makes "no such user" take as
// long as "wrong password", so response time does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (hash === undefined) {
    dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
    await argon2.verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash is a failed login, not a 500
  }
}
