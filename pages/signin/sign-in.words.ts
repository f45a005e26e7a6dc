/** The sign-in pages' words, with every variant in console-facts.md §1 and §7. */
export const SIGN_IN = {
  rootUser: /^Root user$/i,
  rootEmailLink: /^Sign in using root user email$/i,
  email: /^(Root user email address|Email address)$/i,
  next: /^Next$/i,
  password: /^Password$/i,
  signIn: /^Sign in$/i,
  mfaCode: /^MFA code$/i,
  mfaSubmit: /^(Submit|Sign in|Verify)$/i,
  // The forced-MFA interstitial's wording is not public (console-facts §1.6): match on meaning.
  forcedMfa: /\bMFA\b.*\b(required|needed)\b|\b(register|set up|enable)\b.*\bMFA\b/i,
  registerMfa: /^(Register|Assign|Set up|Add) (an? )?MFA( device)?( now)?$/i,
  skip: /^Skip( for now)?$/i,
  securityCheck: /^Security (verification|check)$/i,
  securityCheckOld: /Type the characters seen in the image below/i,
  // A notice or frame title that speaks of a security check (console-facts §1.3): "Complete the security check.", "Making sure it's you".
  securityCheckMention: /security (check|verification)|captcha|verify (that )?you('| a)re (a )?human|making sure it'?s you/i,
  // Inside the check's frame: the answer field and the challenge image (§1.3, §7 "CAPTCHA").
  securityCheckAnswer: /^(Verification answer|Type the characters.*)$/i,
  securityCheckImage: /captcha|security (image|check)/i,
  authError: /authentication information is incorrect|not valid|incorrect/i,
} as const;
