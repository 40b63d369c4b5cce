// Queries of the Devices page (issue 26 items 1 and 4): the account's device
// settings and the pending device approval requests, keyed by workspace.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeviceSettings, PendingApprovalsAnswer } from '../../../common/console-devices.ts';
import { api } from './client.ts';
import { keys } from './queries.ts';
import { currentWorkspace } from './workspace.ts';

const deviceKeys = {
  settings: () => ['ws', currentWorkspace() ?? 'first', 'device-settings'] as const,
  approvals: () => ['ws', currentWorkspace() ?? 'first', 'device-approvals'] as const,
};

export const useDeviceSettings = () =>
  useQuery({
    queryKey: deviceKeys.settings(),
    queryFn: () => api.get<DeviceSettings>('/api/console/device-settings'),
  });

export const usePendingApprovals = () =>
  useQuery({
    queryKey: deviceKeys.approvals(),
    queryFn: async () => (await api.get<PendingApprovalsAnswer>('/api/console/device-approvals')).requests,
    // New devices ask while the page is open.
    refetchInterval: 30_000,
  });

/** Every change refreshes the page's data and the audit log. */
function useRefresh() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: deviceKeys.settings() });
    void client.invalidateQueries({ queryKey: deviceKeys.approvals() });
    void client.invalidateQueries({ queryKey: keys.audit });
  };
}

export function useDeviceChanges() {
  const onSuccess = useRefresh();
  const selfService = useMutation({
    mutationFn: (on: boolean) => api.put('/api/console/device-settings', { selfServiceRelease: on }),
    onSuccess,
  });
  const deviceCode = useMutation({
    mutationFn: (on: boolean) => api.put('/api/console/device-code-sign-in', { on }),
    onSuccess,
  });
  const approval = useMutation({
    mutationFn: (v: { licenseId: string; required: boolean }) =>
      api.put(`/api/console/licenses/${v.licenseId}/device-approval`, { required: v.required }),
    onSuccess,
  });
  const decide = useMutation({
    mutationFn: (v: { id: string; decision: 'approve' | 'deny' }) =>
      api.post(`/api/console/device-approvals/${v.id}/${v.decision}`),
    onSuccess,
  });
  return { selfService, deviceCode, approval, decide };
}
