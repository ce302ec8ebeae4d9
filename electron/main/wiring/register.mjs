// `node --import ./register.mjs out/main/index.js`: the built main bundle under plain Node, with `electron`
// resolved to the recording stand-in next to this file (main-bundle.test.ts drives it).
import { register } from 'node:module'

register(new URL('./electron-loader.mjs', import.meta.url))
