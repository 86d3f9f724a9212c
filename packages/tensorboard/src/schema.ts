/**
 * The TensorBoard protos an event file needs (TensorFlow's event.proto, summary.proto, tensor.proto
 * and tensor_shape.proto), as protobufjs reflection: only the messages and fields the writer fills,
 * with TensorFlow's field numbers and types, so any TensorBoard or TensorFlow reader parses them.
 */
import protobuf from 'protobufjs';

/** TensorFlow's DataType values the writer uses. */
export const dataTypes = { DT_STRING: 7 } as const;

/** SessionLog.SessionStatus values: START tells TensorBoard to drop events past its step (a resumed run). */
export const sessionStatus = { START: 1, STOP: 2, CHECKPOINT: 3 } as const;

const root = protobuf.Root.fromJSON({
  nested: {
    tensorboard: {
      nested: {
        Event: {
          fields: {
            wallTime: { id: 1, type: 'double' },
            step: { id: 2, type: 'int64' },
            fileVersion: { id: 3, type: 'string' },
            summary: { id: 5, type: 'Summary' },
            sessionLog: { id: 7, type: 'SessionLog' },
          },
        },
        SessionLog: {
          fields: {
            status: { id: 1, type: 'int32' },
            checkpointPath: { id: 2, type: 'string' },
            msg: { id: 3, type: 'string' },
          },
        },
        Summary: {
          fields: { value: { id: 1, type: 'Value', rule: 'repeated' } },
          nested: {
            Image: {
              fields: {
                height: { id: 1, type: 'int32' },
                width: { id: 2, type: 'int32' },
                colorspace: { id: 3, type: 'int32' },
                encodedImageString: { id: 4, type: 'bytes' },
              },
            },
            Value: {
              fields: {
                tag: { id: 1, type: 'string' },
                simpleValue: { id: 2, type: 'float' },
                image: { id: 4, type: 'Image' },
                tensor: { id: 8, type: 'TensorProto' },
                metadata: { id: 9, type: 'SummaryMetadata' },
              },
            },
          },
        },
        SummaryMetadata: {
          fields: {
            pluginData: { id: 1, type: 'PluginData' },
            displayName: { id: 2, type: 'string' },
            summaryDescription: { id: 3, type: 'string' },
          },
          nested: {
            PluginData: { fields: { pluginName: { id: 1, type: 'string' }, content: { id: 2, type: 'bytes' } } },
          },
        },
        TensorProto: {
          fields: {
            dtype: { id: 1, type: 'int32' },
            tensorShape: { id: 2, type: 'TensorShapeProto' },
            stringVal: { id: 8, type: 'bytes', rule: 'repeated' },
          },
        },
        TensorShapeProto: {
          fields: { dim: { id: 2, type: 'Dim', rule: 'repeated' } },
          nested: { Dim: { fields: { size: { id: 1, type: 'int64' }, name: { id: 2, type: 'string' } } } },
        },
      },
    },
  },
});

/** The Event message type. */
export const eventType = root.lookupType('tensorboard.Event');

/** One Summary.Value, as the writer fills it. */
export interface SummaryValue {
  tag: string;
  simpleValue?: number;
  image?: { height: number; width: number; colorspace: number; encodedImageString: Uint8Array };
  tensor?: { dtype: number; tensorShape: { dim: { size: number }[] }; stringVal: Uint8Array[] };
  metadata?: { pluginData: { pluginName: string; content?: Uint8Array }; displayName?: string; summaryDescription?: string };
}

/** One Event, as the writer fills it. */
export interface EventMessage {
  wallTime: number;
  step: number;
  fileVersion?: string;
  summary?: { value: SummaryValue[] };
  sessionLog?: { status: number; msg?: string };
}

/** Serialises an event. */
export const encodeEvent = (event: EventMessage): Uint8Array => eventType.encode(eventType.fromObject(event)).finish();
