"""Sends order notifications (the values below are fake, for FuzzForge's example)."""
import base64
import os

# The Slack bot token, "hidden" by encoding it.
_SLACK = base64.b64decode("eG94Yi0xMDUwNjczMzczMzYtNTQ5NDQwNTU1MzU3OS1qSnh5WkxMS2NnVEFPR1NmOXVpaDR2bXU=").decode()

# The partner API key, split so that a simple search does not see it.
PARTNER_API_KEY = "pyZ9NfUl36ohkj" + \
    "XRS4ASfzgUOVm0"

# Not secrets: read from the environment, or a placeholder.
SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "changeme")
BUILD_SHA256 = "6eb5300ff4ea9117e51cd4d87cd1c32b3c4cb5abf9f9e25113e99112cc31280d"
