#!/usr/bin/env python3
"""Drives a page in headless chromium through the DevTools protocol, as a
person would with the mouse (tests/eval/explore_test.cc).

    browser_driver.py URL PROFILE_DIR ACTION...

ACTION is one of
    drag:DX,DY        press the left button at the centre of #map, move by
                      (DX, DY) pixels in ten steps, release
    shiftdrag:DX,DY   the same with Shift held
    click:ID          a left click at the centre of the element with that id

The page is loaded at 1400 × 850 and each action waits for <body
data-ready="1">. Before the first action and after each one, a line
    state N view=V rendered=R query=X,Y
copies what the explorer page reports on <body> (data-view,
data-rendered-points, data-query-screen). Exit status 1, with the reason on
stderr, when chromium fails or the page is not ready within 30 s.

Chromium talks over --remote-debugging-pipe: it reads commands from fd 3 and
writes replies and events to fd 4, each a JSON object ended by a NUL byte.
Only the standard library is used.
"""
import fcntl
import json
import os
import select
import subprocess
import sys
import time


class Chromium:
    def __init__(self, profile):
        to_browser = os.pipe()
        from_browser = os.pipe()
        # Above 4, so that moving them to 3 and 4 in the child cannot clobber one another.
        child_in = fcntl.fcntl(to_browser[0], fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_browser[1], fcntl.F_DUPFD, 10)

        def as_fd3_fd4():
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--window-size=1400,850", "--user-data-dir=" + profile, "--proxy-server=127.0.0.1:9",
             "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=as_fd3_fd4)
        for fd in (to_browser[0], from_browser[1], child_in, child_out):
            os.close(fd)
        self.write_fd, self.read_fd = to_browser[1], from_browser[0]
        self.buffer = b""
        self.next_id = 0

    def call(self, method, params=None, session=None, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise RuntimeError(method + ": " + json.dumps(reply["error"]))
                    return reply.get("result", {})
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.read_fd], [], [], left)[0]:
                raise RuntimeError(method + ": no reply within %d s" % timeout)
            chunk = os.read(self.read_fd, 1 << 16)
            if not chunk:
                raise RuntimeError(method + ": chromium closed the pipe")
            self.buffer += chunk

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except RuntimeError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    url, profile, actions = sys.argv[1], sys.argv[2], sys.argv[3:]
    browser = Chromium(profile)
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 1400, "height": 850, "deviceScaleFactor": 1, "mobile": False}, session)
        browser.call("Page.navigate", {"url": url}, session)

        def evaluate(expression):
            result = browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
            return result.get("result", {}).get("value")

        def wait_ready():
            deadline = time.monotonic() + 30
            while evaluate("!!document.body && document.body.dataset.ready === '1'") is not True:
                if time.monotonic() > deadline:
                    raise RuntimeError("the page was not ready within 30 s")
                time.sleep(0.05)

        def centre(element_id):
            box = evaluate("(function () { var r = document.getElementById(%s).getBoundingClientRect();"
                           " return [r.left + r.width / 2, r.top + r.height / 2]; })()" % json.dumps(element_id))
            if not box:
                raise RuntimeError("no element #" + element_id)
            return box

        def mouse(kind, x, y, buttons, modifiers):
            params = {"type": kind, "x": x, "y": y, "modifiers": modifiers, "buttons": buttons,
                      "button": "left" if kind != "mouseMoved" or buttons else "none"}
            if kind in ("mousePressed", "mouseReleased"):
                params["clickCount"] = 1
            browser.call("Input.dispatchMouseEvent", params, session)

        def report(step):
            state = evaluate("JSON.stringify([document.body.dataset.view, document.body.dataset.renderedPoints,"
                             " document.body.dataset.queryScreen || ''])")
            view, rendered, query = json.loads(state)
            print("state %d view=%s rendered=%s query=%s" % (step, view, rendered, query), flush=True)

        wait_ready()
        report(0)
        for step, action in enumerate(actions, 1):
            kind, _, argument = action.partition(":")
            if kind in ("drag", "shiftdrag"):
                dx, dy = (float(v) for v in argument.split(","))
                modifiers = 8 if kind == "shiftdrag" else 0  # 8: Shift in the protocol's bit field
                x, y = centre("map")
                mouse("mouseMoved", x, y, 0, modifiers)
                mouse("mousePressed", x, y, 1, modifiers)
                for i in range(1, 11):
                    mouse("mouseMoved", x + dx * i / 10, y + dy * i / 10, 1, modifiers)
                mouse("mouseReleased", x + dx, y + dy, 0, modifiers)
            elif kind == "click":
                x, y = centre(argument)
                mouse("mousePressed", x, y, 1, 0)
                mouse("mouseReleased", x, y, 0, 0)
            else:
                raise RuntimeError("unknown action: " + action)
            wait_ready()
            report(step)
    except RuntimeError as error:
        print("browser_driver: %s" % error, file=sys.stderr)
        return 1
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
