"""An event-file reader independent of @ganforge/tensorboard's code: TFRecord framing checked with
crcmod's CRC-32C (Debian's python3-crcmod), Event protos decoded by Google's protobuf runtime
(python3-protobuf) from a descriptor built here with TensorFlow's field numbers. Prints the events
as JSON lines; exits 1 on a bad length or checksum.

Usage: python3 read_events.py EVENT_FILE
"""
import json
import struct
import sys

import crcmod.predefined
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

crc32c = crcmod.predefined.mkCrcFun("crc-32c")


def masked(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


F = descriptor_pb2.FieldDescriptorProto


def message(file, name, fields, nested=()):
    """Adds message `name` with fields (name, number, type, label, type_name) to `file`."""
    m = file.message_type.add() if file is not None else descriptor_pb2.DescriptorProto()
    m.name = name
    for field_name, number, kind, label, type_name in fields:
        f = m.field.add(name=field_name, number=number, type=kind, label=label)
        if type_name:
            f.type_name = type_name
    for sub in nested:
        m.nested_type.add().CopyFrom(sub)
    return m


OPT, REP = F.LABEL_OPTIONAL, F.LABEL_REPEATED
proto = descriptor_pb2.FileDescriptorProto(name="events_reader.proto", package="tf", syntax="proto3")
message(proto, "TensorShapeProto", [("dim", 2, F.TYPE_MESSAGE, REP, ".tf.TensorShapeProto.Dim")],
        [message(None, "Dim", [("size", 1, F.TYPE_INT64, OPT, None), ("name", 2, F.TYPE_STRING, OPT, None)])])
message(proto, "TensorProto", [
    ("dtype", 1, F.TYPE_INT32, OPT, None),
    ("tensor_shape", 2, F.TYPE_MESSAGE, OPT, ".tf.TensorShapeProto"),
    ("string_val", 8, F.TYPE_BYTES, REP, None),
])
message(proto, "SummaryMetadata", [
    ("plugin_data", 1, F.TYPE_MESSAGE, OPT, ".tf.SummaryMetadata.PluginData"),
    ("display_name", 2, F.TYPE_STRING, OPT, None),
], [message(None, "PluginData", [("plugin_name", 1, F.TYPE_STRING, OPT, None), ("content", 2, F.TYPE_BYTES, OPT, None)])])
message(proto, "Summary", [("value", 1, F.TYPE_MESSAGE, REP, ".tf.Summary.Value")], [
    message(None, "Image", [
        ("height", 1, F.TYPE_INT32, OPT, None), ("width", 2, F.TYPE_INT32, OPT, None),
        ("colorspace", 3, F.TYPE_INT32, OPT, None), ("encoded_image_string", 4, F.TYPE_BYTES, OPT, None),
    ]),
    message(None, "Value", [
        ("tag", 1, F.TYPE_STRING, OPT, None), ("simple_value", 2, F.TYPE_FLOAT, OPT, None),
        ("image", 4, F.TYPE_MESSAGE, OPT, ".tf.Summary.Image"), ("tensor", 8, F.TYPE_MESSAGE, OPT, ".tf.TensorProto"),
        ("metadata", 9, F.TYPE_MESSAGE, OPT, ".tf.SummaryMetadata"),
    ]),
])
message(proto, "SessionLog", [("status", 1, F.TYPE_INT32, OPT, None), ("msg", 3, F.TYPE_STRING, OPT, None)])
message(proto, "Event", [
    ("wall_time", 1, F.TYPE_DOUBLE, OPT, None), ("step", 2, F.TYPE_INT64, OPT, None),
    ("file_version", 3, F.TYPE_STRING, OPT, None), ("summary", 5, F.TYPE_MESSAGE, OPT, ".tf.Summary"),
    ("session_log", 7, F.TYPE_MESSAGE, OPT, ".tf.SessionLog"),
])
pool = descriptor_pool.DescriptorPool()
pool.Add(proto)
descriptor = pool.FindMessageTypeByName("tf.Event")
Event = (message_factory.GetMessageClass(descriptor) if hasattr(message_factory, "GetMessageClass")
         else message_factory.MessageFactory(pool).GetPrototype(descriptor))


def records(data):
    offset = 0
    while offset < len(data):
        header = data[offset:offset + 8]
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[offset + 8:offset + 12])
        if masked(header) != length_crc:
            sys.exit(f"record at byte {offset}: length checksum {length_crc:#x}, computed {masked(header):#x}")
        body = data[offset + 12:offset + 12 + length]
        (body_crc,) = struct.unpack("<I", data[offset + 12 + length:offset + 16 + length])
        if len(body) != length or masked(body) != body_crc:
            sys.exit(f"record at byte {offset}: data checksum {body_crc:#x}, computed {masked(body):#x}")
        yield body
        offset += 16 + length


def describe(event):
    out = {"wall_time": event.wall_time, "step": event.step}
    if event.file_version:
        out["file_version"] = event.file_version
    if event.HasField("session_log"):
        out["session_log"] = {"status": event.session_log.status}
    if event.HasField("summary"):
        values = []
        for v in event.summary.value:
            item = {"tag": v.tag}
            if v.HasField("image"):
                png = v.image.encoded_image_string
                item["image"] = {"height": v.image.height, "width": v.image.width, "colorspace": v.image.colorspace,
                                 "png": png[:8] == b"\x89PNG\r\n\x1a\n", "bytes": len(png)}
            elif v.HasField("tensor"):
                item["text"] = [s.decode("utf-8") for s in v.tensor.string_val]
                item["dtype"] = v.tensor.dtype
                item["plugin"] = v.metadata.plugin_data.plugin_name
            else:
                item["simple_value"] = v.simple_value
            values.append(item)
        out["values"] = values
    return out


with open(sys.argv[1], "rb") as f:
    for body in records(f.read()):
        event = Event()
        event.ParseFromString(body)
        print(json.dumps(describe(event)))
