// Placeholder until the Electron shell is built (issue 4).
import { app } from 'electron'

void app.whenReady().then(() => undefined)
