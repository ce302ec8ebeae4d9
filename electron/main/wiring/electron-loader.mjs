// Module resolution hook: `import ... from 'electron'` gets the recording stand-in; everything else resolves as usual.
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./recording-electron.mjs', import.meta.url).href, shortCircuit: true }
  return next(specifier, context)
}
