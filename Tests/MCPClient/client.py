"""Drives an MCP server through the official Python client (the `mcp` package from PyPI).

Usage: client.py PLAN.json. The plan names the server to start and the steps to take, in one
session and in order: MCP requests, and commands run between them (the handoff CLI, git), so
each answer can be compared with the CLI's in the same state. Prints one JSON array: one result
per step. An MCP error is a result ({"error": {...}}), not a failure of this script.
"""

import asyncio
import json
import subprocess
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError


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


async def main():
    with open(sys.argv[1]) as file:
        plan = json.load(file)
    server = StdioServerParameters(command=plan["command"], args=plan.get("args", []), cwd=plan["cwd"],
                                   env=plan["env"])
    results = []
    with open(plan["server_log"], "w") as log:
        async with stdio_client(server, errlog=log) as (read, write):
            async with ClientSession(read, write) as session:
                info = await session.initialize()
                results.append({"server": dump(info.server_info), "protocol": info.protocol_version})
                for item in plan["steps"]:
                    results.append(await step(session, plan, item))
    json.dump(results, sys.stdout)


asyncio.run(main())
