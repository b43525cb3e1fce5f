#!/usr/bin/env python3
"""Per-call overhead of the Tencent Python SDK without the network, for comparison with
`cargo bench -p docsdk-clients --bench call_overhead` (which runs this script at its end).

What is timed per call is what `CvmClient.DisassociateSecurityGroups` does before the socket:
build the typed request model, serialize it (`_serialize`), create the request with its trace
id header (`_call`), and build + TC3-sign it (`_build_req_inter` ->
`_build_req_with_tc3_signature`: headers, `json.dumps`, canonical request, HMAC chain).

    pip install tencentcloud-sdk-python-common tencentcloud-sdk-python-cvm
    python3 generated/benches/python_tc3_overhead.py [iterations]

Prints one line: `python-tc3 <µs per call> <iterations>`.
"""

import sys
import time
import uuid

from tencentcloud.common import credential
from tencentcloud.common.http.request import RequestInternal
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.cvm.v20170312 import cvm_client, models


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    cred = credential.Credential("AKIDdocsdkBenchKey", "docsdk-bench-secret")
    profile = ClientProfile()
    profile.disable_region_breaker = True
    client = cvm_client.CvmClient(cred, "ap-guangzhou", profile)
    endpoint = client._get_endpoint()

    def one():
        req = models.DisassociateSecurityGroupsRequest()
        req.SecurityGroupIds = ["sg-9id3l839"]
        req.InstanceIds = ["ins-2zvpghhc", "ins-5d8a23rs"]
        params = req._serialize()
        headers = {"X-TC-TraceId": str(uuid.uuid4())}
        inter = RequestInternal(endpoint, "POST", client._requestPath, header=headers)
        client._build_req_inter("DisassociateSecurityGroups", params, inter)
        return inter

    sample = one()
    assert sample.header["Authorization"].startswith("TC3-HMAC-SHA256 Credential=AKIDdocsdkBenchKey/")
    for _ in range(min(n, 2000)):  # warm up
        one()
    start = time.perf_counter()
    for _ in range(n):
        one()
    elapsed = time.perf_counter() - start
    print(f"python-tc3 {elapsed / n * 1e6:.2f} {n}")


if __name__ == "__main__":
    main()
