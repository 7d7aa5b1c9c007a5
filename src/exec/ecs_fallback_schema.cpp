#include "exec/ecs_fallback_schema.h"

#include <string_view>

namespace trailhound {

namespace {

// Field names grouped by type; every other name listed in kKeyword is keyword.
constexpr std::string_view kDate[] = {
    "@timestamp", "event.created", "event.end", "event.ingested", "event.start", "process.start",
    "process.parent.start", "file.created", "file.mtime", "file.accessed", "file.ctime", "kibana.alert.start",
    "kibana.alert.original_time", "kibana.alert.last_detected", "kibana.alert.rule.execution.timestamp",
    "user.changes.created", "okta.debug_context.debug_data.request_time",
};
constexpr std::string_view kLong[] = {
    "destination.port", "source.port", "client.port", "server.port", "process.pid", "process.parent.pid",
    "process.ppid", "process.thread.id", "process.args_count", "process.parent.args_count", "process.exit_code",
    "http.response.status_code", "http.request.bytes", "http.response.bytes", "http.response.body.bytes",
    "http.request.body.bytes", "source.as.number", "destination.as.number", "client.as.number", "server.as.number",
    "source.bytes", "destination.bytes", "source.packets", "destination.packets", "network.bytes", "network.packets",
    "event.severity", "event.duration", "event.sequence", "file.size", "dns.question.count",
    "powershell.sequence", "powershell.total", "winlog.event_id", "winlog.process.pid", "winlog.process.thread.id",
    "winlog.record_id", "url.port", "host.uptime", "process.Ext.relative_file_creation_time",
    "process.Ext.relative_file_name_modify_time", "kubernetes.audit.responseStatus.code", "okta.debug_context.debug_data.risk_score",
    "gcp.audit.status.code", "azure.open_ai.properties.request_length", "o365.audit.RecordType", "log.syslog.priority", "aws.cloudtrail.console_login.additional_eventdata.mfa_used_count",
};
constexpr std::string_view kDouble[] = {
    "kibana.alert.risk_score", "kibana.alert.rule.risk_score", "kibana.alert.severity_improving_score",
    "host.risk.calculated_score_norm", "user.risk.calculated_score_norm", "process.Ext.token.integrity_level",
};
constexpr std::string_view kIp[] = {
    "source.ip", "destination.ip", "client.ip", "server.ip", "host.ip", "related.ip", "source.nat.ip",
    "destination.nat.ip", "okta.client.ip", "observer.ip", "network.forwarded_ip", "dns.resolved_ip",
    "azure.signinlogs.caller_ip_address", "azure.activitylogs.callerIpAddress",
    "azure.auditlogs.properties.initiated_by.user.ipAddress", "azure.graphactivitylogs.properties.ip_address",
    "gcp.audit.request_metadata.caller_ip", "github.actor_ip",
};
constexpr std::string_view kBoolean[] = {
    "tls.established", "tls.resumed", "okta.security_context.is_proxy", "process.Ext.trusted", "dll.Ext.trusted",
    "process.code_signature.trusted", "process.parent.code_signature.trusted", "dll.code_signature.trusted",
    "file.code_signature.trusted", "process.interactive", "process.parent.interactive", "kibana.alert.building_block_type_bool",
    "gen_ai.response.error", "user.target.changes.created",
};
constexpr std::string_view kText[] = {
    "message", "process.command_line.text", "process.parent.command_line.text", "powershell.file.script_block_text",
    "error.message", "error.stack_trace", "file.path.text", "process.executable.text", "process.name.text",
    "user_agent.original.text", "url.original.text",
};
// `flattened` objects: mapped, but ES|QL cannot read them (KEEP returns null).
constexpr std::string_view kUnsupported[] = {
    "gcp.audit.request", "gcp.audit.response",
};
constexpr std::string_view kGeoPoint[] = {
    "source.geo.location", "destination.geo.location", "client.geo.location", "server.geo.location", "host.geo.location",
};
constexpr std::string_view kKeyword[] = {
    // ECS core
    "network.community_id",
    // Packetbeat TLS details (impact_tls_alpn_acme_stalled_handshake)
    "tls.detailed.client_hello.extensions.application_layer_protocol_negotiation",
    "tls.detailed.client_hello.extensions._unparsed_", "tls.detailed.alert_types",
    "agent.id", "agent.name", "agent.type", "agent.version", "cloud.account.id", "cloud.account.name",
    "cloud.availability_zone", "cloud.instance.id", "cloud.instance.name", "cloud.project.id", "cloud.project.name",
    "cloud.provider", "cloud.region", "cloud.service.name", "container.id", "container.image.name", "container.name",
    "data_stream.dataset", "data_stream.namespace", "data_stream.type", "destination.address", "destination.domain",
    "destination.geo.city_name", "destination.geo.country_iso_code", "destination.geo.country_name",
    "destination.as.organization.name", "destination.user.name", "dns.question.name", "dns.question.type",
    "dns.question.registered_domain", "dns.response_code", "ecs.version", "email.from.address", "email.to.address",
    "email.subject", "email.sender.address", "email.attachments.file.name", "email.direction", "event.action",
    "event.category", "event.code", "event.dataset", "event.id", "event.kind", "event.module", "event.outcome",
    "event.provider", "event.reason", "event.type", "event.original", "event.hash", "file.directory", "file.extension",
    "file.hash.md5", "file.hash.sha1", "file.hash.sha256", "file.name", "file.path", "file.Ext.original.path",
    "file.Ext.original.name", "file.origin_url", "file.origin_referrer_url", "group.id", "group.name", "host.architecture", "host.domain",
    "host.hostname", "host.id", "host.mac", "host.name", "host.os.family", "host.os.full", "host.os.kernel",
    "host.os.name", "host.os.platform", "host.os.type", "host.os.version", "http.request.method",
    "http.request.referrer", "http.version", "http.request.id", "log.level", "log.file.path", "network.direction",
    "network.protocol", "network.transport", "network.type", "network.application", "observer.name",
    "observer.product", "observer.type", "observer.vendor", "orchestrator.cluster.name", "orchestrator.namespace",
    "orchestrator.resource.name", "orchestrator.resource.type", "process.args", "process.command_line",
    "process.entity_id", "process.executable", "process.hash.md5", "process.hash.sha1", "process.hash.sha256",
    "process.name", "process.title", "process.working_directory", "process.code_signature.subject_name",
    "process.code_signature.status", "process.pe.original_file_name", "process.parent.args",
    "process.parent.command_line", "process.parent.entity_id", "process.parent.executable", "process.parent.name",
    "process.parent.code_signature.subject_name", "process.parent.pe.original_file_name", "process.user.name",
    "process.user.id", "process.Ext.ancestry", "process.Ext.api.name", "process.Ext.effective_parent.executable",
    "process.Ext.effective_parent.name", "process.Ext.session_info.logon_type", "process.Ext.token.integrity_level_name",
    "process.group_leader.executable", "process.group_leader.name", "process.session_leader.executable",
    "process.session_leader.name", "process.parent.user.name", "registry.data.strings", "registry.key",
    "registry.path", "registry.value", "related.hosts", "related.user", "rule.id", "rule.name", "rule.category",
    "rule.ruleset", "service.name", "service.type", "session.id", "source.address", "source.domain",
    "source.as.organization.name", "source.geo.city_name", "source.geo.continent_name", "source.geo.country_iso_code",
    "source.geo.country_name", "source.geo.region_iso_code", "source.geo.region_name", "source.user.name",
    "client.address", "client.domain", "client.geo.city_name", "client.geo.country_name", "client.geo.country_iso_code",
    "client.user.email", "client.user.name", "client.user.id", "server.address", "server.domain", "tags",
    "threat.indicator.type", "tls.cipher", "tls.version", "tls.version_protocol", "tls.client.ja3", "tls.client.server_name",
    "tls.server.ja3s", "tls.client.hash.sha256", "tls.detailed.client_hello.extensions.application_layer_protocol_negotiation",
    "url.domain", "url.full", "url.original", "url.path", "url.query", "url.scheme", "url.extension",
    "user.domain", "user.email", "user.full_name", "user.id", "user.name", "user.roles", "user.changes.name",
    "user.target.name", "user.target.id", "user.target.domain", "user.target.email", "user.effective.name",
    "user_agent.original", "user_agent.name", "user_agent.os.name", "user_agent.device.name", "user_agent.version",
    "dll.name", "dll.path", "dll.code_signature.subject_name", "dll.code_signature.status", "dll.hash.sha256",
    "signal.rule.name",
    // Kibana alerts (.alerts-security.*)
    "kibana.alert.rule.name", "kibana.alert.rule.rule_id", "kibana.alert.rule.uuid", "kibana.alert.rule.type",
    "kibana.alert.rule.category", "kibana.alert.rule.threat.tactic.name", "kibana.alert.rule.threat.tactic.id",
    "kibana.alert.rule.threat.technique.name", "kibana.alert.rule.threat.technique.id", "kibana.alert.rule.tags",
    "kibana.alert.rule.producer", "kibana.alert.rule.rule_type_id", "kibana.alert.severity", "kibana.alert.status",
    "kibana.alert.workflow_status", "kibana.alert.uuid", "kibana.alert.reason", "kibana.alert.rule.severity",
    "kibana.alert.building_block_type", "kibana.alert.original_event.action", "kibana.alert.original_event.dataset",
    "kibana.alert.original_event.module", "kibana.space_ids",
    // Windows (winlog, powershell, sysmon)
    "winlog.channel", "winlog.computer_name", "winlog.event_data.Attributes", "winlog.event_data.AuditPolicyChangesDescription",
    "winlog.event_data.CertificateTemplate", "winlog.event_data.Requester", "winlog.event_data.Status",
    "winlog.event_data.SubCategory", "winlog.event_data.SubjectAlternativeName", "winlog.event_data.TargetUserName",
    "winlog.event_data.SubjectUserName", "winlog.event_data.TargetDomainName", "winlog.event_data.SubjectDomainName",
    "winlog.event_data.LogonType", "winlog.event_data.AuthenticationPackageName", "winlog.event_data.ServiceName",
    "winlog.event_data.TicketEncryptionType", "winlog.event_data.ObjectName", "winlog.event_data.ShareName",
    "winlog.event_data.RelativeTargetName", "winlog.event_data.AccessList", "winlog.event_data.CallerProcessName",
    "winlog.logon.type", "winlog.provider_name", "winlog.user.name", "winlog.task", "winlog.opcode",
    "powershell.file.script_block_id", "powershell.file.script_block_hash", "file.directory.text",
    // AWS
    "aws.bedrock_agentcore.operation", "aws.bedrock_agentcore.request_payload.prompt", "aws.cloudtrail.additional_eventdata",
    "aws.cloudtrail.event_category", "aws.cloudtrail.event_type", "aws.cloudtrail.error_code", "aws.cloudtrail.error_message",
    "aws.cloudtrail.flattened.request_parameters", "aws.cloudtrail.request_parameters", "aws.cloudtrail.resources.arn",
    "aws.cloudtrail.resources.type", "aws.cloudtrail.response_elements", "aws.cloudtrail.session_credential_from_console",
    "aws.cloudtrail.user_identity.access_key_id", "aws.cloudtrail.user_identity.arn", "aws.cloudtrail.user_identity.invoked_by",
    "aws.cloudtrail.user_identity.session_context.session_issuer.arn", "aws.cloudtrail.user_identity.session_context.session_issuer.type",
    "aws.cloudtrail.user_identity.session_context.mfa_authenticated", "aws.cloudtrail.user_identity.type",
    "aws.cloudtrail.recipient_account_id", "aws.cloudtrail.request_id", "aws.cloudtrail.event_version",
    "gen_ai.compliance.violation_code", "gen_ai.policy.action", "gen_ai.policy.confidence", "gen_ai.policy.name",
    "gen_ai.request.model.id", "gen_ai.prompt", "gen_ai.completion", "gen_ai.user.id",
    // Azure / Entra ID / Microsoft 365
    "azure.auditlogs.operation_name", "azure.auditlogs.category", "azure.auditlogs.identity",
    "azure.auditlogs.properties.additional_details.key", "azure.auditlogs.properties.additional_details.value",
    "azure.auditlogs.properties.correlation_id", "azure.auditlogs.properties.initiated_by.user.id",
    "azure.auditlogs.properties.initiated_by.user.userPrincipalName", "azure.auditlogs.properties.initiated_by.app.displayName",
    "azure.auditlogs.properties.target_resources.0.display_name", "azure.auditlogs.properties.target_resources.0.id",
    "azure.auditlogs.properties.target_resources.0.type",
    "azure.auditlogs.properties.target_resources.0.modified_properties.0.new_value",
    "azure.auditlogs.properties.target_resources.0.modified_properties.1.new_value",
    "azure.auditlogs.properties.target_resources.0.modified_properties.2.new_value",
    "azure.auditlogs.properties.target_resources.0.modified_properties.3.new_value",
    "azure.auditlogs.properties.target_resources.0.modified_properties.4.new_value",
    "azure.auditlogs.properties.target_resources.0.modified_properties.5.new_value",
    "azure.graphactivitylogs.properties.app_id", "azure.graphactivitylogs.properties.c_sid",
    "azure.graphactivitylogs.properties.scopes", "azure.graphactivitylogs.properties.user_principal_object_id",
    "azure.graphactivitylogs.properties.request_uri", "azure.graphactivitylogs.properties.user_agent",
    "azure.signinlogs.category", "azure.signinlogs.properties.app_id", "azure.signinlogs.properties.app_display_name",
    "azure.signinlogs.properties.session_id", "azure.signinlogs.properties.user_id",
    "azure.signinlogs.properties.user_principal_name", "azure.signinlogs.properties.resource_display_name",
    "azure.signinlogs.properties.resource_id", "azure.signinlogs.properties.status.error_code",
    "azure.signinlogs.properties.authentication_requirement", "azure.signinlogs.properties.client_app_used",
    "azure.signinlogs.properties.device_detail.device_id", "azure.signinlogs.properties.device_detail.operating_system",
    "azure.signinlogs.properties.device_detail.browser", "azure.signinlogs.properties.incoming_token_type",
    "azure.signinlogs.properties.user_type", "azure.signinlogs.properties.conditional_access_status",
    "azure.signinlogs.properties.risk_state", "azure.signinlogs.properties.risk_level_during_signin",
    "azure.signinlogs.result_signature", "azure.signinlogs.result_description", "azure.signinlogs.identity",
    "azure.activitylogs.operation_name", "azure.activitylogs.identity.claims_initiated_by_user.name",
    "azure.platformlogs.operation_name", "azure.resource.id", "azure.resource.name", "azure.resource.provider",
    "azure.tenant_id", "azure.correlation_id", "o365.audit.AppAccessContext.AADSessionId", "o365.audit.ApplicationId",
    "o365.audit.Operation", "o365.audit.UserId", "o365.audit.ClientIP", "o365.audit.Workload", "o365.audit.ObjectId",
    "o365.audit.UserType", "o365.audit.ResultStatus", "o365.audit.SourceFileName", "o365.audit.SiteUrl",
    // Okta, GitHub, Google, GCP
    "okta.actor.alternate_id", "okta.actor.display_name", "okta.actor.id", "okta.client.device",
    "okta.client.user_agent.raw_user_agent", "okta.client.zone", "okta.debug_context.debug_data.risk_level",
    "okta.debug_context.debug_data.threat_suspected", "okta.debug_context.debug_data.dt_hash",
    "okta.debug_context.debug_data.risk_reasons", "okta.outcome.reason", "okta.outcome.result", "okta.event_type",
    "okta.authentication_context.authentication_step", "okta.target.id", "okta.target.type",
    "okta.security_context.as.organization.name", "okta.transaction.id", "okta.display_message",
    "github.category", "github.reasons.code", "github.reasons.message", "github.actor", "github.repo", "github.org", "github.workflow_run.conclusion",
    "google_workspace.device.account_state", "google_workspace.device.id", "google_workspace.device.type",
    "google_workspace.login.type", "google_workspace.actor.type", "gcp.audit.method_name", "gcp.audit.resource_name",
    "gcp.audit.authentication_info.principal_email", "gcp.audit.service_name",
    "application.name", "azure.open_ai.operation_name", "azure.platformlogs.identity.claim.appid",
    "azure.platformlogs.identity.claim.upn", "azure.platformlogs.result_type", "azure.resource.group",
    "azure.subscription_id", "google_workspace.device.model", "google_workspace.device.resource.id",
    "google_workspace.event.type", "o365.audit.AuthenticationType", "o365.audit.IsManagedDevice", "o365.audit.Platform",
    "o365.audit.Site", "organization.id", "tls.detailed.alert_types", "tls.detailed.client_hello.extensions._unparsed_",
    "token.id", "azure.activitylogs.identity.authorization.evidence.principal_id", "azure.activitylogs.tenant_id",
    "user.entity.id", "winlog.event_data.Disposition", "winlog.event_data.RequestId", "winlog.event_data.Subject",
    "winlog.event_data.SubjectKeyIdentifier",
    // Kubernetes
    "kubernetes.audit.annotations.authorization_k8s_io/decision", "kubernetes.audit.annotations.authorization_k8s_io/reason",
    "kubernetes.audit.level", "kubernetes.audit.objectRef.apiGroup", "kubernetes.audit.objectRef.name",
    "kubernetes.audit.objectRef.namespace", "kubernetes.audit.objectRef.resource", "kubernetes.audit.objectRef.subresource",
    "kubernetes.audit.requestURI", "kubernetes.audit.sourceIPs", "kubernetes.audit.stage", "kubernetes.audit.verb",
    "kubernetes.audit.user.username", "kubernetes.audit.user.groups", "kubernetes.audit.userAgent",
    "kubernetes.audit.impersonatedUser.username", "kubernetes.audit.auditID",
    "kubernetes.audit.requestObject.spec.containers.image", "kubernetes.audit.requestObject.spec.containers.securityContext.privileged",
    "kubernetes.audit.requestObject.spec.hostNetwork", "kubernetes.audit.requestObject.spec.hostPID",
    "kubernetes.audit.requestObject.rules.verbs", "kubernetes.audit.requestObject.rules.resources",
};

}  // namespace

Schema ecs_fallback_schema() {
  Schema s;
  for (auto n : kKeyword) s.add(std::string(n), DataType::Keyword);
  for (auto n : kText) s.add(std::string(n), DataType::Text);
  for (auto n : kDate) s.add(std::string(n), DataType::Datetime);
  for (auto n : kLong) s.add(std::string(n), DataType::Long);
  for (auto n : kDouble) s.add(std::string(n), DataType::Double);
  for (auto n : kIp) s.add(std::string(n), DataType::Ip);
  for (auto n : kBoolean) s.add(std::string(n), DataType::Boolean);
  for (auto n : kGeoPoint) s.add(std::string(n), DataType::GeoPoint);
  for (auto n : kUnsupported) s.add(std::string(n), DataType::Unsupported);
  return s;
}

}  // namespace trailhound
