/**
 * What every benchmark boots the application with, over the caller's environment: loopback on a free port,
 * no logs, and the throttle and sign-in limits out of the way so that they are not what gets measured.
 */
export function benchEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    THROTTLE_LIMIT: '0',
    LOGIN_MAX_ATTEMPTS_PER_EMAIL: '1000000',
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
    DATA_DIR: process.env.DATA_DIR ?? './.data/bench',
    ...extra,
  };
}
