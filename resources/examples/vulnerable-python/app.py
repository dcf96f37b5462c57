"""A small web-hook handler with classic Python mistakes, written to be found by FuzzForge's
python-static workflow. Do not use this code."""
import os
import pickle
import subprocess

import yaml


def archive(folder):
    # Shell injection: the folder name reaches a shell.
    subprocess.call("tar czf /tmp/archive.tgz " + folder, shell=True)


def cleanup(name):
    os.system("rm -rf /tmp/" + name)


def evaluate(expression):
    return eval(expression)


def load_session(blob):
    return pickle.loads(blob)


def load_config(text):
    return yaml.load(text)


PASSWORD = "hunter2-not-a-real-password"
