import { contextBridge, ipcRenderer } from 'electron';
import { createIpcBridge } from './bridge';

// The renderer gets this one object and no access to ipcRenderer or Node.
contextBridge.exposeInMainWorld('composeFarm', createIpcBridge(ipcRenderer));
