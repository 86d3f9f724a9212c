// @ganforge/tensorboard: TensorBoard event files (TFRecord framing with masked CRC-32C, Event and
// Summary protos through protobufjs) and the training-run logger `ganforge train --tensorboard` uses.
export { crc32c, maskedCrc32c } from './crc32c.js';
export { tensorboardLogger } from './logger.js';
export { frameRecord } from './record.js';
export { encodeEvent, eventType, type EventMessage, type SummaryValue } from './schema.js';
export { SummaryWriter, TensorBoardError } from './writer.js';
