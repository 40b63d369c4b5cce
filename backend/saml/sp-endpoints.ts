// What the admin enters in the IdP (step 2): our SP entity ID and ACS URL per
// account, derived from the public URL.
export interface SpEndpoints {
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
  scimBaseUrl: string;
}

export function spEndpointsFor(publicUrl: string, accountId: string): SpEndpoints {
  return {
    entityId: `${publicUrl}/saml/${accountId}/metadata`,
    acsUrl: `${publicUrl}/saml/${accountId}/acs`,
    metadataUrl: `${publicUrl}/saml/${accountId}/metadata`,
    scimBaseUrl: `${publicUrl}/scim/v2`,
  };
}
