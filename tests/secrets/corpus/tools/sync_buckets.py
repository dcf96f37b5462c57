"""Copies the nightly exports between buckets and posts a summary to Slack."""
import base64
import getpass
import os
import uuid

import boto3
import requests

GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]
# Left over from a debugging session.
FALLBACK_TOKEN = "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"
TWILIO_ACCOUNT_SID = "AC4cfc8d04b1839cb6be9570237abb5446"
TWILIO_API_KEY = "SK1ad5d02a43fde287a21b3dfc659ec229"
TWILIO_API_SECRET = "Uap7E7OqKm2XbUi3N7UDk6AqTWnrsyHX"

_ARCHIVE_TOKEN = base64.b64decode("Z2hwX3V5Tkk4M0E1MVdram0xZlM3RTBaNTlFdWJESUhWZjRIYU1RUA==").decode()
_PAYMENTS = bytes.fromhex("736b5f6c6976655f324c71464e6468586f576361366c44484638435469693166").decode()
_MAPS = chr(65) + chr(73) + chr(122) + chr(97) + chr(87) + chr(85) + chr(88) + chr(102) + chr(112) + chr(118) + chr(108) + chr(69) + chr(69) + chr(53) + chr(55) + chr(54) + chr(87) + chr(113) + chr(90) + chr(81) + chr(107) + chr(78) + chr(80) + chr(72) + chr(101) + chr(80) + chr(53) + chr(65) + chr(82) + chr(110) + chr(69) + chr(111) + chr(73) + chr(73) + chr(76) + chr(56) + chr(56) + chr(106) + chr(69)
_BACKUP_KEY_ID = "".join(["AKIA", "KWBXD7", "RJIBI", "BNSWL"])
_SLACK = "xbRGTD8J9VlqnvETrygZrYQL-1415191144321-652068793795-bxox"[::-1]
_OPS_TOKEN = ("ghp_jaDCkjSJKv"
              "kT0kIciAahn4av"
              "iPZDcM0rVr32")

BANNER = base64.b64decode("TmlnaHRseSBleHBvcnQgZmluaXNoZWQgd2l0aG91dCBlcnJvcnM=").decode()
GREETING = "!dlrow ,olleH"[::-1]
TEST_ROWS = ["e0F0euB969H9NvOxqCvx", "lkMjlawtOtybINEM02ykR2B0gOn", "Ij80xyRIR0GPIl4FnQDmoHKUlFYclVf8"]
RUN_ID = uuid.UUID("2a0212d7-6a74-45d7-8b00-959fcdbaafe3")


def storage_client():
    return boto3.client("s3", aws_access_key_id=_BACKUP_KEY_ID,
                        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY"))


def payments_client(Client):
    return Client(secret_key="qP.cRp9NcOSg8_ijRD", timeout=30)


def unlock_vault():
    password = getpass.getpass("vault password: ")
    return password


def notify(summary):
    requests.post("https://slack.com/api/chat.postMessage", timeout=10,
                  headers={"Authorization": "Bearer " + _SLACK},
                  json={"channel": "#exports", "text": BANNER + ": " + summary})
