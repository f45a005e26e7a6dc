/** Where the `plain-html` IAM pages live (route table: replica/routes.ts). Security credentials answer at /iam/home itself. */
export const PLAIN_PATHS = {
  securityCredentials: '/iam/home',
  assignMfa: '/iam/mfa/assign',
  setUpMfa: '/iam/mfa/setup',
  accessKeyStatus: '/iam/access-keys/status',
  deleteAccessKey: '/iam/access-keys/delete',
} as const;
