/**
 * What a username and password may be; shared by /api/auth/register and ADMIN_USERNAME/ADMIN_PASSWORD
 * so an admin configured at start could also have registered.
 */
export interface CredentialRule {
  test(value: string): boolean;
  /** Human text for error messages: "expected <description>". */
  description: string;
}

const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{2,31}$/;

export const USERNAME_RULE: CredentialRule = {
  test: (v) => USERNAME_PATTERN.test(v),
  description: '3-32 characters of letters, digits, _ . - starting with a letter or digit',
};

// Length only (NIST SP 800-63B): composition rules make passwords weaker, not stronger. The upper
// bound keeps argon2 hashing cost bounded per request.
export const PASSWORD_RULE: CredentialRule = {
  test: (v) => v.length >= 8 && v.length <= 128,
  description: '8-128 characters',
};
