#!/usr/bin/env python3
"""Turns a rendered overlay of deploy/kubernetes into what `podman kube play` can run: Pods and PersistentVolumeClaims.

Reads the `kubectl kustomize` output on stdin, writes the pod-only variant on stdout. Run by scripts/kube-smoke.sh;
docs/deployment.md (Kubernetes) lists what it changes and what therefore only a real cluster can show.

- Each Deployment becomes one Pod, named after the Service that clients call it by (podman has no Services; on its
  network a pod's name resolves to the pod). Each StatefulSet becomes its pods, named <name>-0 … <name>-(n-1).
- A volumeClaimTemplate becomes a PersistentVolumeClaim per pod (podman makes it a named volume).
- Kubernetes-only indirections are resolved here: secretKeyRef (from the rendered Secret), fieldRef metadata.name,
  $(VAR) references, and a URL naming a Service becomes the pod's name.
- Every container port is published on 127.0.0.1 only (podman 4.3 publishes them all): the charge service on 18080,
  the balancer on 18081, the others from 18082 up. Each pod's emptyDir volumes get names of their own.
The pods' containers, images, security contexts, resources, probes and every other variable stay as rendered.
"""
import base64
import copy
import re
import sys

import yaml

# podman 4.3 publishes every containerPort on the host, so each pod gets a host port of its own, on 127.0.0.1 only.
PUBLISH = {"charge-request-service": 18080, "load-balancer": 18081}
FIRST_OTHER_PORT = 18082


def qualified(image):
    """The image name as Docker (and the compose build) stores it: docker.io/… unless it names a registry."""
    first = image.split("/")[0]
    if "/" not in image:
        return "docker.io/library/" + image
    if "." in first or ":" in first or first == "localhost":
        return image
    return "docker.io/" + image


def main():
    objects = [o for o in yaml.safe_load_all(sys.stdin) if o]
    secrets = {o["metadata"]["name"]: {k: base64.b64decode(v).decode() for k, v in (o.get("data") or {}).items()}
               for o in objects if o["kind"] == "Secret"}
    services = {o["metadata"]["name"]: o for o in objects if o["kind"] == "Service"}
    workloads = [o for o in objects if o["kind"] in ("Deployment", "StatefulSet")]

    def labels_of(workload):
        return workload["spec"]["template"]["metadata"].get("labels", {})

    def pod_names(workload):
        if workload["kind"] == "StatefulSet":
            return [f"{workload['metadata']['name']}-{i}" for i in range(workload["spec"].get("replicas", 1))]
        return [workload["metadata"]["name"]]

    # Service name -> the pod name that answers for it (the first pod of the workload it selects).
    service_host = {}
    for name, service in services.items():
        selector = service["spec"].get("selector", {})
        for workload in workloads:
            if selector and all(labels_of(workload).get(k) == v for k, v in selector.items()):
                service_host[name] = pod_names(workload)[0]

    out = []
    next_port = FIRST_OTHER_PORT
    for workload in workloads:
        for pod_name in pod_names(workload):
            template = copy.deepcopy(workload["spec"]["template"])
            spec = template["spec"]
            spec["hostname"] = pod_name
            # podman 4.3 keeps an emptyDir under its volume name, so every pod's "tmp" would be one shared volume.
            renamed = {}
            for volume in spec.get("volumes", []):
                if "emptyDir" in volume:
                    renamed[volume["name"]] = f"{pod_name}-{volume['name']}"
                    volume["name"] = renamed[volume["name"]]
            for container in spec["containers"]:
                for mount in container.get("volumeMounts", []):
                    mount["name"] = renamed.get(mount["name"], mount["name"])
            claims = {c["metadata"]["name"]: c for c in workload["spec"].get("volumeClaimTemplates", [])}
            for claim_name, claim in claims.items():
                volume_name = f"{claim_name}-{pod_name}"
                out.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                            "metadata": {"name": volume_name}, "spec": copy.deepcopy(claim["spec"])})
                spec.setdefault("volumes", []).append({"name": claim_name, "persistentVolumeClaim": {"claimName": volume_name}})
            for container in spec["containers"]:
                container["image"] = qualified(container["image"])
                resolved = {}
                env = []
                for variable in container.get("env", []):
                    value = variable.get("value")
                    source = variable.get("valueFrom")
                    if source and "secretKeyRef" in source:
                        ref = source["secretKeyRef"]
                        value = secrets[ref["name"]][ref["key"]]
                    elif source and source.get("fieldRef", {}).get("fieldPath") == "metadata.name":
                        value = pod_name
                    value = re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: resolved.get(m.group(1), m.group(0)), value or "")
                    value = re.sub(r"^(https?://)([a-z0-9-]+)(\.[a-z0-9-]+)?(:\d+)",
                                   lambda m: m.group(1) + (m.group(2) if m.group(3) else service_host.get(m.group(2), m.group(2))) + m.group(4),
                                   value)
                    resolved[variable["name"]] = value
                    env.append({"name": variable["name"], "value": value})
                container["env"] = env
                for port in container.get("ports", []):
                    if workload["metadata"]["name"] in PUBLISH:
                        port["hostPort"] = PUBLISH[workload["metadata"]["name"]]
                    else:
                        port["hostPort"] = next_port
                        next_port += 1
                    port["hostIP"] = "127.0.0.1"
            out.append({"apiVersion": "v1", "kind": "Pod",
                        "metadata": {"name": pod_name, "labels": template["metadata"].get("labels", {}),
                                     "annotations": template["metadata"].get("annotations", {})},
                        "spec": spec})
    yaml.safe_dump_all(out, sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
