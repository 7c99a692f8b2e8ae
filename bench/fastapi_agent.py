"""
The Python anchor of the server bench: an agent on the stack of Masumi's official Python
template (FastAPI, pydantic request models, uvicorn, jobs in a dict), rebuilt from its description
with the same endpoints and reply shapes as ours. A job waits for a simulated payment (1 s, in an
asyncio task, as the template's payment monitoring does), then runs and completes. No payment
service, no store, no logging per request: the anchor does less than our agent, never more.

Run by bench/fastapi-anchor.ts: /usr/bin/python3 -m uvicorn fastapi_agent:app --app-dir bench
"""

import asyncio
import hashlib
import json
import os
import time
import uuid
from typing import Any, Dict

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

PAYMENT_DELAY_S = float(os.environ.get("SIMULATED_PAYMENT_DELAY_MS", "1000")) / 1000

app = FastAPI()
jobs: Dict[str, Dict[str, Any]] = {}
# Held so that the event loop does not drop the running tasks.
tasks = set()

INPUT_SCHEMA = {
    "input_data": [
        {"id": "text", "type": "textarea", "name": "Text"},
    ]
}


class StartJobRequest(BaseModel):
    identifier_from_purchaser: str
    input_data: Dict[str, Any]


def input_hash(identifier: str, input_data: Dict[str, Any]) -> str:
    canonical = json.dumps(input_data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{identifier};{canonical}".encode()).hexdigest()


async def run_job(job_id: str) -> None:
    await asyncio.sleep(PAYMENT_DELAY_S)
    job = jobs[job_id]
    job["status"] = "running"
    job["result"] = f"{len(job['input_data'].get('text', ''))} characters"
    job["status"] = "completed"


@app.get("/availability")
async def availability():
    return {"status": "available", "type": "masumi-agent", "message": "ready"}


@app.get("/input_schema")
async def input_schema():
    return INPUT_SCHEMA


@app.post("/start_job")
async def start_job(request: StartJobRequest):
    if "text" not in request.input_data:
        raise HTTPException(status_code=400, detail="input_data.text is required")
    job_id = str(uuid.uuid4())
    now = int(time.time())
    jobs[job_id] = {
        "status": "awaiting_payment",
        "input_data": request.input_data,
        "identifier_from_purchaser": request.identifier_from_purchaser,
        "input_hash": input_hash(request.identifier_from_purchaser, request.input_data),
        "result": None,
    }
    task = asyncio.create_task(run_job(job_id))
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return {
        "id": str(uuid.uuid4()),
        "status": "success",
        "job_id": job_id,
        "blockchainIdentifier": uuid.uuid4().hex,
        "payByTime": now + 3600,
        "submitResultTime": now + 43200,
        "unlockTime": now + 64800,
        "externalDisputeUnlockTime": now + 86400,
        "agentIdentifier": "simulated",
        "sellerVKey": "simulated",
        "identifierFromPurchaser": request.identifier_from_purchaser,
        "input_hash": jobs[job_id]["input_hash"],
    }


@app.get("/status")
async def status(job_id: str):
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(status_code=404, detail="job_not_found")
    reply = {"id": job_id, "job_id": job_id, "status": job["status"]}
    if job["status"] == "completed":
        reply["result"] = job["result"]
    return reply
