# syntax=docker/dockerfile:1
# One Dockerfile, one target per image:
#   docker build --target collector -t hermes-collector .
#   docker build --target bot       -t hermes-bot .
# .NET 10's official images are Ubuntu 24.04 (noble): clang, llvm, libbpf-dev and libbpf1 come from its archive.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang llvm libbpf-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, from the project files alone, so source edits do not invalidate the package layer.
COPY Directory.Build.props Directory.Packages.props Hermes.sln ./
COPY collector/Hermes.Rules/Hermes.Rules.csproj collector/Hermes.Rules/
COPY collector/Hermes.Collector/Hermes.Collector.csproj collector/Hermes.Collector/
COPY bot/Hermes.Bot/Hermes.Bot.csproj bot/Hermes.Bot/
COPY bot/Hermes.Slack/Hermes.Slack.csproj bot/Hermes.Slack/
COPY ownership/Hermes.Ownership/Hermes.Ownership.csproj ownership/Hermes.Ownership/
COPY playbooks/Hermes.Playbooks/Hermes.Playbooks.csproj playbooks/Hermes.Playbooks/
RUN dotnet restore collector/Hermes.Collector/Hermes.Collector.csproj \
 && dotnet restore bot/Hermes.Bot/Hermes.Bot.csproj
COPY . .
# The eBPF probe is compiled by the collector's MSBuild target (clang -target bpf) and embedded in the assembly.
RUN dotnet publish collector/Hermes.Collector/Hermes.Collector.csproj -c Release --no-restore -o /out/collector \
 && dotnet publish bot/Hermes.Bot/Hermes.Bot.csproj -c Release --no-restore -o /out/bot

# The node daemon. It needs CAP_BPF, CAP_PERFMON and CAP_SYS_PTRACE (to read /proc of every process) and host PID;
# the DaemonSet in deploy/kubernetes grants exactly those. Rules ship inside; mount your own over /etc/hermes/rules.
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS collector
RUN apt-get update \
 && apt-get install -y --no-install-recommends libbpf1 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/hermes-collector
COPY --from=build /out/collector ./
COPY --from=build /src/collector/rules/ /etc/hermes/rules/
ENTRYPOINT ["./hermes-collector"]
CMD ["run", "--rules", "/etc/hermes/rules/falco_rules.yaml"]

# The bot: non-root, no writes outside /var/lib/hermes (works with readOnlyRootFilesystem: true).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS bot
WORKDIR /opt/hermes-bot
COPY --from=build /out/bot ./
COPY --from=build /src/playbooks/*.yaml /etc/hermes/playbooks/
ENV ASPNETCORE_URLS=http://+:8080 \
    Storage__DataDirectory=/var/lib/hermes \
    Playbooks__Path=/etc/hermes/playbooks \
    DOTNET_gcServer=0
VOLUME ["/var/lib/hermes"]
EXPOSE 8080
USER app
ENTRYPOINT ["./hermes-bot"]
