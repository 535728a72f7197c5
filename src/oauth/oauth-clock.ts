import { Injectable } from '@nestjs/common';

/** The time, injectable so that tests expire OAuth states without sleeping. */
@Injectable()
export class OAuthClock {
  now(): number {
    return Date.now();
  }
}
