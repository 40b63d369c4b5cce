// The workspace switcher, top left, as the guides say: "make sure that your
// business account is selected as the current workspace in the top-left
// corner". It lists the business accounts this session may administer (each
// earned by its own sign-in) and "Add a business account…", which signs in
// once more while keeping the session.
import {
  Button as AriaButton,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components';
import { useNavigate } from 'react-router';
import type { Me } from '../api/types.ts';
import { useSwitchWorkspace } from '../api/use-workspace.ts';

const addKey = 'add-business-account';

const viaText: Record<Me['via'], string> = {
  password: 'password',
  sso: 'single sign-on',
  backup: 'the backup login',
};

export function WorkspaceSwitcher({ me }: { me: Me }) {
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();
  const current = me.account.id;
  const name = me.account.name;
  return (
    <Select
      className="workspace-switcher"
      selectedKey={current}
      onSelectionChange={(key) => {
        if (key === addKey) void navigate('/sign-in?add=1');
        else if (key !== null && key !== current) switchTo(String(key));
      }}
    >
      <Label className="workspace-label">Workspace</Label>
      <AriaButton className="select-button workspace-button">
        <SelectValue>{() => name}</SelectValue>
        <span aria-hidden="true">▾</span>
      </AriaButton>
      <Popover className="popover">
        <ListBox className="listbox">
          {me.workspaces.map((w) => (
            <ListBoxItem key={w.accountId} id={w.accountId} className="listbox-item" textValue={w.name}>
              <span className="workspace-name">{w.name}</span>
              <span className="workspace-who">
                {w.email} · {viaText[w.via]}
              </span>
            </ListBoxItem>
          ))}
          <ListBoxItem id={addKey} className="listbox-item workspace-add" textValue="Add a business account…">
            Add a business account…
          </ListBoxItem>
        </ListBox>
      </Popover>
    </Select>
  );
}
