import { contextBridge } from 'electron';

// The renderer gets one narrow object; it never sees ipcRenderer or Node.
contextBridge.exposeInMainWorld('composeFarm', {
  platform: process.platform,
});
