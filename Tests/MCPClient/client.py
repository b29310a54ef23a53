"""Drives MCP servers through the official Python client (the `mcp` package from PyPI).

Usage: client.py PLAN.json. The plan holds named sessions; each names the server to start and
the steps to take in that one session, in order: MCP requests, and commands run between them
(the handoff CLI, git), so each answer can be compared with the CLI's in the same state.

Every session runs in this one process, one after the other: importing the client costs seconds,
a session a fraction of one. Prints one JSON object: for each session, its answers (the server's
information first, then one per step) or, when the session itself broke (the server crashed,
hung or spoke nonsense), the failure, so the other sessions still report. An MCP error is an
answer ({"error": {...}}), not a failure.
"""

import asyncio
import json
import subprocess
import sys
import traceback

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

# A session that takes longer than this is reported as failed instead of hanging the run.
SESSION_SECONDS = 120


def dump(model):
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


async def step(session, plan, item):
    op = item["op"]
    if op == "run":
        done = subprocess.run(item["argv"], cwd=item.get("cwd", plan["cwd"]), env=plan["env"],
                              capture_output=True, text=True)
        return {"status": done.returncode, "stdout": done.stdout, "stderr": done.stderr}
    try:
        if op == "list_tools":
            return {"tools": [dump(tool) for tool in (await session.list_tools()).tools]}
        if op == "list_resources":
            return {"resources": [dump(r) for r in (await session.list_resources()).resources]}
        if op == "list_resource_templates":
            result = await session.list_resource_templates()
            return {"templates": [dump(t) for t in result.resource_templates]}
        if op == "list_prompts":
            return {"prompts": [dump(p) for p in (await session.list_prompts()).prompts]}
        if op == "get_prompt":
            result = await session.get_prompt(item["name"], item.get("arguments"))
            return {"messages": [dump(m) for m in result.messages]}
        if op == "read":
            result = await session.read_resource(item["uri"])
            return {"contents": [dump(c) for c in result.contents]}
        if op == "call":
            result = await session.call_tool(item["name"], item.get("arguments"))
            texts = [c.text for c in result.content if getattr(c, "type", "") == "text"]
            return {"is_error": bool(result.is_error), "text": "\n".join(texts),
                    "structured": result.structured_content}
    except MCPError as error:
        return {"error": {"code": error.error.code, "message": error.error.message}}
    raise ValueError(f"unknown step {op}")


async def run_session(plan):
    server = StdioServerParameters(command=plan["command"], args=plan.get("args", []), cwd=plan["cwd"],
                                   env=plan["env"])
    answers = []
    with open(plan["server_log"], "w") as log:
        async with stdio_client(server, errlog=log) as (read, write):
            async with ClientSession(read, write) as session:
                info = await session.initialize()
                answers.append({"server": dump(info.server_info), "protocol": info.protocol_version})
                for item in plan["steps"]:
                    answers.append(await step(session, plan, item))
    return answers


async def main():
    with open(sys.argv[1]) as file:
        sessions = json.load(file)["sessions"]
    results = {}
    for name, plan in sessions.items():
        try:
            results[name] = {"answers": await asyncio.wait_for(run_session(plan), SESSION_SECONDS)}
        except Exception:
            results[name] = {"failure": traceback.format_exc()}
    json.dump(results, sys.stdout)


asyncio.run(main())
