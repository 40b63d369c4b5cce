// The application menu, with "Account & License…" where users look for it.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function buildAppMenu(appName: string, openAccountLicense: () => void): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: appName,
      submenu: [
        { label: 'Account & License…', accelerator: 'CmdOrCtrl+Shift+L', click: openAccountLicense },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
