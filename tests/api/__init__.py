"""Tests of the Wesog API client: unit tests on MockTransport, contract tests on the emulator."""
