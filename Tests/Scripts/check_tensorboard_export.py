"""Reads a gradbook TensorBoard export with TensorBoard's own code and compares it with the run
records it came from. Usage: check_tensorboard_export.py <notebook output folder> <metric> [<metric> ...]
(the experiments' metrics, which the HParams experiment must declare). Prints 'ok: ...' and exits
0, or prints every mismatch and exits 1."""

import glob
import json
import math
import os
import sys

import numpy as np
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
from tensorboard.compat.proto import event_pb2
from tensorboard.compat.tensorflow_stub import errors, pywrap_tensorflow
from tensorboard.plugins.hparams import api_pb2, metadata

FILE_NAME = "events.out.tfevents.gradbook"
problems = []


def problem(text):
    problems.append(text)


def raw_events(path):
    """Every record of a file through TensorBoard's TFRecord reader, which checks both CRCs."""
    reader = pywrap_tensorflow.PyRecordReader_New(path, 0, "", None)
    events = []
    while True:
        try:
            reader.GetNext()
        except errors.OutOfRangeError:
            return events
        except errors.DataLossError as error:
            problem(f"{path}: {error}")
            return events
        events.append(event_pb2.Event.FromString(reader.record()))


def plugin_content(accumulator):
    """Tag -> content of the hparams plugin's summaries ({} when there are none)."""
    try:
        return accumulator.PluginTagToContent(metadata.PLUGIN_NAME)
    except KeyError:
        return {}


def same(read, expected):
    """TensorBoard keeps scalars as float32."""
    expected32 = float(np.float32(float(expected)))  # records spell non-finite numbers "nan", "inf"
    return (math.isnan(read) and math.isnan(expected32)) or read == expected32


def display(value):
    if isinstance(value, list):
        return "[" + ", ".join(display(item) for item in value) + "]"
    return str(value)


def expected_hparams(record):
    values = {}
    for name, value in record["parameters"].items():
        if isinstance(value, bool):
            values[name] = ("bool_value", value)
        elif isinstance(value, (int, float)):
            values[name] = ("number_value", float(value))
        elif isinstance(value, str):
            values[name] = ("string_value", value)
        else:
            values[name] = ("string_value", display(value))
    values["seed"] = ("number_value", float(record["seed"]))
    values["label"] = ("string_value", record["label"])
    values["status"] = ("string_value", record["status"])
    return values


def check_run(run_dir, record, several):
    name = f"{record['experiment']}/{record['variant']}"
    events = raw_events(os.path.join(run_dir, FILE_NAME))
    if not events or events[0].file_version != "brain.Event:2":
        problem(f"{name}: the first event is not the file version")
    finished = events[-1].wall_time if events else 0
    start = events[0].wall_time if events else 0
    if abs((finished - start) - record["seconds"]) > 1e-6 or any(
        later.wall_time < earlier.wall_time for earlier, later in zip(events, events[1:])
    ):
        problem(f"{name}: wall times do not span the record's {record['seconds']} s in order")

    accumulator = EventAccumulator(run_dir, size_guidance={"scalars": 0})
    accumulator.Reload()
    tags = set(accumulator.Tags()["scalars"])
    scalars = {tag: {event.step: event.value for event in accumulator.Scalars(tag)} for tag in tags}
    expected = {}
    for epoch in record["epochs"]:
        step = epoch["epoch"]
        for metric, value in epoch["metrics"].items():
            expected.setdefault(metric, {})[step] = value
        expected.setdefault("learning_rate", {})[step] = epoch["learning_rate"]
        width = len(str(len(epoch["layers"])))
        for index, layer in enumerate(epoch["layers"]):
            layer_name = f"layer_{index + 1:0{width}d}"
            expected.setdefault(f"gradient_rms/{layer_name}", {})[step] = layer["gradient_rms"]
            expected.setdefault(f"update_ratio/{layer_name}", {})[step] = layer["update_ratio"]
            expected.setdefault(f"weight_rms/{layer_name}", {})[step] = layer["weight_rms"]
    last = record["epochs"][-1]["epoch"] if record["epochs"] else 0
    for metric, value in record["final_metrics"].items():
        expected[f"final/{metric}"] = {last: value}
    if tags != set(expected):
        problem(f"{name}: scalar tags {sorted(tags)} != {sorted(expected)}")
    for tag, steps in expected.items():
        read = scalars.get(tag, {})
        if set(read) != set(steps) or not all(same(read[step], value) for step, value in steps.items()):
            problem(f"{name}: {tag} reads {read}, the record has {steps}")

    content = plugin_content(accumulator)
    if metadata.SESSION_START_INFO_TAG not in content or metadata.SESSION_END_INFO_TAG not in content:
        problem(f"{name}: no hparams session (tags {sorted(content)})")
        return
    start_info = metadata.parse_session_start_info_plugin_data(content[metadata.SESSION_START_INFO_TAG])
    hparams = {key: (value.WhichOneof("kind"), getattr(value, value.WhichOneof("kind")))
               for key, value in start_info.hparams.items()}
    wanted = expected_hparams(record)
    if several:
        wanted["experiment"] = ("string_value", record["experiment"])
    if hparams != wanted:
        problem(f"{name}: session hparams {hparams} != {wanted}")
    end_info = metadata.parse_session_end_info_plugin_data(content[metadata.SESSION_END_INFO_TAG])
    wanted_status = api_pb2.STATUS_SUCCESS if record["status"] in ("ok", "early_stopped") else api_pb2.STATUS_FAILURE
    if end_info.status != wanted_status:
        problem(f"{name}: session status {end_info.status} for a run that is {record['status']}")
    if abs(end_info.end_time_secs - start_info.start_time_secs - record["seconds"]) > 1e-6:
        problem(f"{name}: the session does not last the record's {record['seconds']} s")
    return start_info


def main():
    folder, metrics = sys.argv[1], sys.argv[2:]
    logdir = os.path.join(folder, "tensorboard")
    records = [json.load(open(path)) for path in sorted(glob.glob(os.path.join(folder, "runs", "*", "*.json")))]
    experiments = sorted({record["experiment"] for record in records})
    several = len(experiments) > 1

    root = EventAccumulator(logdir)
    root.Reload()
    root_content = plugin_content(root)
    if metadata.EXPERIMENT_TAG not in root_content:
        problem("the log's root run has no HParams experiment")
        experiment = api_pb2.Experiment()
    else:
        experiment = metadata.parse_experiment_plugin_data(root_content[metadata.EXPERIMENT_TAG])
    declared = {info.name for info in experiment.hparam_infos}
    metric_tags = [info.name.tag for info in experiment.metric_infos]
    for metric in metrics:
        if f"final/{metric}" not in metric_tags:
            problem(f"the experiment does not list the metric final/{metric} (it lists {metric_tags})")

    run_dirs = sorted(os.path.dirname(path) for path in glob.glob(os.path.join(logdir, "*", "*", FILE_NAME)))
    wanted_dirs = sorted(os.path.join(logdir, record["experiment"], record["variant"]) for record in records)
    if run_dirs != wanted_dirs:
        problem(f"run folders {run_dirs} != one per record {wanted_dirs}")
    for record in records:
        start_info = check_run(os.path.join(logdir, record["experiment"], record["variant"]), record, several)
        if start_info is not None and not set(start_info.hparams) <= declared:
            problem(f"{record['variant']}: hparams {sorted(set(start_info.hparams) - declared)} are not declared")
        for metric in record["final_metrics"]:
            if f"final/{metric}" not in metric_tags:
                problem(f"{record['variant']}: final/{metric} is not an HParams metric")

    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"ok: {len(records)} runs, {len(declared)} hparams, metrics {metric_tags}")


main()
