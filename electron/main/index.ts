// Composition of the desktop shell; completed once the core's createDesk lands (see git history).
import { app } from 'electron'

void app.whenReady()
