// Imported only to learn whether this runtime loads TypeScript (loadDomain.ts).
export const loaded = true;
