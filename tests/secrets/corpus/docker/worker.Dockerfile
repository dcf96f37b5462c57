FROM python:3.12-slim@sha256:2b2e050c1a7f78f8dba7f1c40be3b0763b8ffdb3219ed4542a9ce444e0a7c7ab
ARG PIP_EXTRA_INDEX_URL
ENV GITLAB_TOKEN=glpat-VSvqbbIw1Ajuw8YHdTls
ENV ADMIN_PASSWORD=4-YaOEzPQSP1tfwYeh!_fe0
RUN pip install --index-url https://ci:fNGNAzXlO.i.pFN8kJrmY@pypi.internal/simple orders-client
RUN echo "Ly9yZWdpc3RyeS5ucG1qcy5vcmcvOl9hdXRoVG9rZW49bnBtX25HYzIyN2lHaExHY3B5c1FjaGo3NmN2b0UwcXBVTGtpakpaNAphbHdheXMtYXV0aD10cnVlCg==" | base64 -d > /root/.npmrc
ENV API_TOKEN=""
COPY --chown=10001:10001 worker/ /opt/worker/
USER 10001
ENTRYPOINT ["python", "-m", "worker"]
