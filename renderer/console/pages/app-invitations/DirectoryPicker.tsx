// Invite people → pick from the directory: find users by the start of their
// name or email (the directory's own search, ten at a time) and add their
// email to the list being invited.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DirectoryUser } from '../../../../common/console-directory.ts';
import { api } from '../../api/client.ts';
import { keys } from '../../api/queries.ts';
import { Button } from '../../components/bits.tsx';
import { TextInput } from '../../components/fields.tsx';

export function DirectoryPicker({ onPick, picked }: { onPick: (email: string) => void; picked: string[] }) {
  const [typed, setTyped] = useState('');
  const q = typed.trim();
  const found = useQuery({
    queryKey: [...keys.users(q), 'picker'],
    queryFn: async () =>
      (
        await api.get<{ users: DirectoryUser[] }>(
          `/api/console/directory/users?q=${encodeURIComponent(q)}&limit=10`,
        )
      ).users,
    enabled: q.length >= 2,
  });
  const withEmail = (found.data ?? []).filter((u) => u.email);
  return (
    <div className="directory-picker">
      <TextInput
        name="pick"
        label="Pick from your directory"
        type="search"
        description="Type the start of a name or email."
        value={typed}
        onChange={setTyped}
        autoComplete="off"
      />
      {q.length >= 2 && found.isSuccess && (
        <ul className="plain-list" aria-label="People found">
          {withEmail.length === 0 && <li>Nobody with an email starts with “{q}”.</li>}
          {withEmail.map((u) => {
            const email = u.email ?? '';
            const added = picked.includes(email);
            return (
              <li key={u.id}>
                {u.displayName ? `${u.displayName} — ` : ''}
                {email}{' '}
                <Button aria-label={`Add ${email}`} isDisabled={added} onPress={() => onPick(email)}>
                  {added ? 'Added' : 'Add'}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
