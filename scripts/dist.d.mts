/** scripts/dist.mjs: one note per signing or notarization step skipped for lack of credentials. */
export function signingNotes(env: Record<string, string | undefined>, platforms: string[]): string[]
