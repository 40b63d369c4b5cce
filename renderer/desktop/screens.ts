// The dialogs the user moves between while no activation is under way (the core's
// state decides every other dialog), and what the Enterprise Key dialog was given.
export type Screen = 'account' | 'sign-in' | 'business' | 'key' | 'email' | 'about';

export interface KeyForm {
  licenseKey: string;
  email: string;
}
