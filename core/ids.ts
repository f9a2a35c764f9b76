// Who is an administrator: ZWB_ADMIN_IDS lists "channel:userId", or "*:userId" for any channel.
// One rule for admin chat commands and for the ticket service's admin rights.
export function isAdmin(admins: readonly string[], channel: string, userId: string): boolean {
  return admins.includes(`${channel}:${userId}`) || admins.includes(`*:${userId}`);
}
