#!/usr/bin/env python3
"""Checks an image tarball of the build (run by ./mvnw -Pimages after Jib, for each service):
the configuration runs the Quarkus application with the image's Java as the non-root user 10001, and the
layers hold that Java, that user, the application, and nothing of the tests nor any key or secret file.
Usage: check-image.py IMAGE.tar EXPECTED_NAME:TAG"""
import io
import json
import re
import sys
import tarfile
import zipfile

tarball, expected_tag = sys.argv[1], sys.argv[2]
problems = []


def check(rule, holds):
    if not holds:
        problems.append(rule)


with tarfile.open(tarball) as image:
    manifest = json.load(image.extractfile("manifest.json"))[0]
    config = json.load(image.extractfile(manifest["Config"]))["config"]
    files = {}
    for layer in manifest["Layers"]:
        with tarfile.open(fileobj=io.BytesIO(image.extractfile(layer).read()), mode="r:gz") as content:
            for member in content.getmembers():
                path = "/" + member.name.lstrip("./")
                files[path] = (member, content.extractfile(member).read() if member.isfile() else None)

check(f"tagged {expected_tag}", manifest["RepoTags"] == [expected_tag])
check("runs as 10001:10001", config.get("User") == "10001:10001")
entrypoint = config.get("Entrypoint") or []
check("entrypoint: the image's java -jar quarkus-run.jar",
      entrypoint[:1] == ["/opt/java/openjdk/bin/java"] and entrypoint[-2:] == ["-jar", "/deployments/quarkus-run.jar"])
check("the application", "/deployments/quarkus-run.jar" in files and any(p.startswith("/deployments/lib/main/") for p in files))
if "/opt/java/openjdk/bin/java" in files or any(p.startswith("/opt/java/openjdk/") for p in files):
    # the base assembled here (with -Dimage.base the registry image brings its own Java and users)
    java = files.get("/opt/java/openjdk/bin/java")
    check("java executable", java is not None and java[0].mode & 0o111)
    check("the C library and its loader", "/lib/x86_64-linux-gnu/libc.so.6" in files and "/lib64/ld-linux-x86-64.so.2" in files)
    passwd = (files.get("/etc/passwd") or (None, b""))[1].decode()
    check("user 10001 in /etc/passwd", re.search(r"^barometre:x:10001:10001:", passwd, re.M) is not None)
for path, (member, data) in files.items():
    check(f"no test output: {path}", "test-classes" not in path and not re.search(r"(Test|IT)(\$.*)?\.class$", path))
    check(f"no key or secret file: {path}",
          not re.search(r"\.(pem|key|p12|jks|pfx)$|/\.env$|id_rsa", path) or path.endswith("/lib/security/cacerts"))
    if data is not None and path.endswith(".jar") and path.startswith("/deployments/app/"):
        with zipfile.ZipFile(io.BytesIO(data)) as jar:
            for name in jar.namelist():
                check(f"no test class in {path}: {name}", not re.search(r"(Test|IT)(\$.*)?\.class$", name))

if problems:
    print(f"check-image.py: {tarball}:\n  " + "\n  ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"check-image.py: {tarball}: {expected_tag}, user 10001, {len(files)} entries in {len(manifest['Layers'])} layers, "
      f"no test class, no key file")
