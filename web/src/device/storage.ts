/**
 * This device's enrolment in this browser's localStorage: written and read only here,
 * by the console's enrolment page (device/EnrolPage.tsx) and the kiosk alike, so enrol
 * once in either and the other finds it.
 */
export const DEVICE_KEY = 'shuoshi.device';

export interface StoredDevice {
  token: string;
  deviceId: string;
  talkRoomId: string;
  talkRoomName: string;
  label: string | null;
  enrolledAt: string;
}

export function storedDevice(): StoredDevice | null {
  try {
    const d = JSON.parse(localStorage.getItem(DEVICE_KEY) ?? 'null') as StoredDevice | null;
    return d && typeof d.token === 'string' && d.token.startsWith('shd_') ? d : null;
  } catch {
    return null;
  }
}

export function saveDevice(d: StoredDevice): void {
  localStorage.setItem(DEVICE_KEY, JSON.stringify(d));
}

export function forgetDevice(): void {
  localStorage.removeItem(DEVICE_KEY);
}
