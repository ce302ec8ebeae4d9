export * from './dto'
export * from './channels'
export * from './envelope'
export * from './api'
