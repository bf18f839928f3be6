// The shapes chat adapters share with the core (defined in shared/operations/context.ts).
export {
  Refused as CommandRefused,
  type Actor,
  type Effect,
  type Notification,
} from "../operations/context.js";
