// Placeholder until the preload bridge is built (issue 4).
export {}
