"""Actions without a handler of their own, served by the emulator from the spec index, driven
by the official SDK's CommonClient: 76 actions of 19 services answer, and bad calls get the
official parameter errors and InvalidAction with the closest names.

The actions are the first three `Describe*` actions without required members (by name) of the
newest version of each service, and the first one with required members, filled with a value
of each member's type; all checked against the index when the list was written.
"""

import re

import pytest

from tencentcloud.common import credential
from tencentcloud.common.common_client import CommonClient

from emulator_process import SECRET_ID, SECRET_KEY
from sdk_helpers import REGION, expect_sdk_error, make_common_client, make_profile

# (service, version, action, parameters)
ACTIONS = [
    ('cvm', '2017-03-12', 'DescribeAccountQuota', {}),
    ('cvm', '2017-03-12', 'DescribeChcHosts', {}),
    ('cvm', '2017-03-12', 'DescribeDisasterRecoverGroupQuota', {}),
    ('cvm', '2017-03-12', 'DescribeChcDeniedActions', {'ChcIds': ['x']}),
    ('cbs', '2017-03-12', 'DescribeAutoSnapshotPolicies', {}),
    ('cbs', '2017-03-12', 'DescribeDiskBackups', {}),
    ('cbs', '2017-03-12', 'DescribeDiskStoragePool', {}),
    ('cbs', '2017-03-12', 'DescribeDedicatedClusterDiskStatistics', {'DedicatedClusterId': 'x'}),
    ('vpc', '2017-03-12', 'DescribeAccountAttributes', {}),
    ('vpc', '2017-03-12', 'DescribeAddressBandwidthRange', {}),
    ('vpc', '2017-03-12', 'DescribeAddressQuota', {}),
    ('vpc', '2017-03-12', 'DescribeAddressTemplateGroupInstances', {'AddressTemplateGroupId': 'x'}),
    ('clb', '2018-03-17', 'DescribeAssociatedModelAvailability', {}),
    ('clb', '2018-03-17', 'DescribeAsyncJobs', {}),
    ('clb', '2018-03-17', 'DescribeBudgets', {}),
    ('clb', '2018-03-17', 'DescribeBlockIPList', {'LoadBalancerId': 'x'}),
    ('cdb', '2017-03-20', 'DescribeAuditInstanceList', {}),
    ('cdb', '2017-03-20', 'DescribeAuditPolicies', {}),
    ('cdb', '2017-03-20', 'DescribeAuditRuleTemplateModifyHistory', {}),
    ('cdb', '2017-03-20', 'DescribeAccountPrivileges', {'InstanceId': 'x', 'User': 'x', 'Host': 'x'}),
    ('redis', '2018-04-12', 'DescribeBackupDownloadRestriction', {}),
    ('redis', '2018-04-12', 'DescribeCommonDBInstances', {}),
    ('redis', '2018-04-12', 'DescribeGlobalReplicationArea', {}),
    ('redis', '2018-04-12', 'DescribeAutoBackupConfig', {'InstanceId': 'x'}),
    ('tke', '2022-05-01', 'DescribeClusters', {}),
    ('tke', '2022-05-01', 'DescribeHealthCheckTemplate', {}),
    ('tke', '2022-05-01', 'DescribeNodePoolsElasticityStrength', {}),
    ('tke', '2022-05-01', 'DescribeClusterInstances', {'ClusterId': 'x'}),
    ('cam', '2019-01-16', 'DescribeSafeAuthFlag', {}),
    ('cam', '2019-01-16', 'DescribeSafeAuthFlagIntl', {}),
    ('cam', '2019-01-16', 'DescribeUserOIDCConfig', {}),
    ('cam', '2019-01-16', 'DescribeOIDCConfig', {'Name': 'x'}),
    ('cls', '2020-10-16', 'DescribeAgentApplications', {}),
    ('cls', '2020-10-16', 'DescribeAlarmNotices', {}),
    ('cls', '2020-10-16', 'DescribeAlarms', {}),
    ('cls', '2020-10-16', 'DescribeAgentConfigs', {'AgentVersion': 'x', 'AgentIp': 'x'}),
    ('monitor', '2023-06-16', 'DescribeAIWorkbenchAgent', {}),
    ('monitor', '2023-06-16', 'DescribeAIWorkbenchExecution', {}),
    ('monitor', '2023-06-16', 'DescribeAIWorkbenchSession', {}),
    ('monitor', '2023-06-16', 'DescribeAIWorkbenchArtifact', {'ArtifactId': 'x'}),
    ('ssl', '2019-12-05', 'DescribeCertificateOperateLogs', {}),
    ('ssl', '2019-12-05', 'DescribeCertificates', {}),
    ('ssl', '2019-12-05', 'DescribeCompanies', {}),
    ('ssl', '2019-12-05', 'DescribeCertificate', {'CertificateId': 'x'}),
    ('dnspod', '2021-03-23', 'DescribeDomainAndRecordList', {}),
    ('dnspod', '2021-03-23', 'DescribeDomainGroupList', {}),
    ('dnspod', '2021-03-23', 'DescribeDomainList', {}),
    ('dnspod', '2021-03-23', 'DescribeBatchTask', {'JobId': 1}),
    ('lighthouse', '2020-03-24', 'DescribeAllScenes', {}),
    ('lighthouse', '2020-03-24', 'DescribeBlueprints', {}),
    ('lighthouse', '2020-03-24', 'DescribeBundles', {}),
    ('lighthouse', '2020-03-24', 'DescribeBlueprintBundles', {'BlueprintId': 'x'}),
    ('tag', '2018-08-13', 'DescribeResourceTags', {}),
    ('tag', '2018-08-13', 'DescribeTagKeys', {}),
    ('tag', '2018-08-13', 'DescribeTags', {}),
    ('tag', '2018-08-13', 'DescribeProjects', {'AllList': 1, 'Limit': 1, 'Offset': 1}),
    ('mongodb', '2019-07-25', 'DescribeAuditInstanceList', {}),
    ('mongodb', '2019-07-25', 'DescribeDBInstanceParamTpl', {}),
    ('mongodb', '2019-07-25', 'DescribeDBInstances', {}),
    ('mongodb', '2019-07-25', 'DescribeAccountUsers', {'InstanceId': 'x'}),
    ('postgres', '2017-03-12', 'DescribeBackupDownloadRestriction', {}),
    ('postgres', '2017-03-12', 'DescribeBackupOverview', {}),
    ('postgres', '2017-03-12', 'DescribeBackupSummaries', {}),
    ('postgres', '2017-03-12', 'DescribeAccountPrivileges', {'DBInstanceId': 'x', 'UserName': 'x', 'DatabaseObjectSet': [{'ObjectType': 'x', 'ObjectName': 'x'}]}),
    ('cdn', '2018-06-06', 'DescribeCdnOriginIp', {}),
    ('cdn', '2018-06-06', 'DescribeCertDomains', {}),
    ('cdn', '2018-06-06', 'DescribeDomains', {}),
    ('cdn', '2018-06-06', 'DescribeBillingData', {'StartTime': '2024-01-02 03:04:05', 'EndTime': '2024-01-02 03:04:05'}),
    ('ckafka', '2019-08-19', 'DescribeCkafkaZone', {}),
    ('ckafka', '2019-08-19', 'DescribeConnectResources', {}),
    ('ckafka', '2019-08-19', 'DescribeDatahubTasks', {}),
    ('ckafka', '2019-08-19', 'DescribeACL', {'InstanceId': 'x', 'ResourceType': 1}),
    ('tat', '2020-10-28', 'DescribeAutomationAgentStatus', {}),
    ('tat', '2020-10-28', 'DescribeCommands', {}),
    ('tat', '2020-10-28', 'DescribeInvocationTasks', {}),
    ('tat', '2020-10-28', 'DescribeQuotas', {'ResourceNames': ['x']}),
]

REQUEST_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def record_of(emulator, request_id):
    matching = [r for r in emulator.requests(limit=500) if r["request_id"] == request_id]
    assert len(matching) == 1, f"no single record of {request_id}"
    return matching[0]


def test_the_list_spans_many_services():
    assert len(ACTIONS) >= 50
    assert len({service for service, _, _, _ in ACTIONS}) >= 10
    assert sum(1 for *_, params in ACTIONS if params) >= 10
    assert len({(s, a) for s, _, a, _ in ACTIONS}) == len(ACTIONS)


@pytest.mark.parametrize(
    "service,version,action,params",
    ACTIONS,
    ids=[f"{s}-{a}" for s, _, a, _ in ACTIONS],
)
def test_action_answers(emulator, service, version, action, params):
    client = make_common_client(emulator, service, version)
    resp = client.call_json(action, params)
    response = resp["Response"]
    assert "Error" not in response, response
    assert REQUEST_ID.match(response["RequestId"]), response
    assert list(response)[-1] == "RequestId", response
    record = record_of(emulator, response["RequestId"])
    assert record["verdict"] == "OK", record
    assert record["processed"] is True, record
    assert record["service"] == service, record


def test_each_call_gets_a_fresh_request_id(emulator):
    client = make_common_client(emulator, "cvm", "2017-03-12")
    first = client.call_json("DescribeAccountQuota", {})["Response"]["RequestId"]
    second = client.call_json("DescribeAccountQuota", {})["Response"]["RequestId"]
    assert first != second


def test_get_requests_are_checked_as_their_declared_types(emulator):
    cred = credential.Credential(SECRET_ID, SECRET_KEY)
    client = CommonClient("cvm", "2017-03-12", cred, REGION, make_profile(emulator, method="GET"))
    params = {"Limit": 2, "Filters": [{"Name": "zone", "Values": ["ap-guangzhou-3"]}]}
    response = client.call_json("DescribeInstances", params)["Response"]
    assert "Error" not in response, response
    err = expect_sdk_error(
        "InvalidParameterValue", client.call_json, "DescribeInstances", {"Limit": "two"}
    )
    assert "`Limit`" in err.get_message(), err.get_message()


def refused(emulator, code, service, version, action, params):
    client = make_common_client(emulator, service, version)
    err = expect_sdk_error(code, client.call_json, action, params)
    record = record_of(emulator, err.get_request_id())
    assert record["verdict"] == code, record
    assert record["processed"] is False, record
    return err.get_message()


def test_missing_parameter(emulator):
    message = refused(
        emulator, "MissingParameter", "cvm", "2017-03-12", "DescribeChcDeniedActions", {}
    )
    assert "`ChcIds`" in message, message
    nested = {"Filters": [{"Values": ["ap-guangzhou-3"]}]}
    message = refused(
        emulator, "MissingParameter", "cvm", "2017-03-12", "DescribeInstances", nested
    )
    assert "`Filters.0.Name`" in message, message


def test_unknown_parameter(emulator):
    message = refused(
        emulator,
        "UnknownParameter",
        "cvm",
        "2017-03-12",
        "DescribeAccountQuota",
        {"NoSuchMember": 1},
    )
    assert "`NoSuchMember`" in message, message
    nested = {"Filters": [{"Name": "zone", "Values": ["a"], "Valuse": ["a"]}]}
    message = refused(
        emulator, "UnknownParameter", "cvm", "2017-03-12", "DescribeInstances", nested
    )
    assert "`Filters.0.Valuse`" in message, message
    assert "`Filters.0.Values`" in message, message


def test_invalid_parameter_value(emulator):
    for params, path in [
        ({"Limit": "ten"}, "`Limit`"),
        ({"Limit": 1.5}, "`Limit`"),
        ({"InstanceIds": "ins-1"}, "`InstanceIds`"),
        ({"Filters": [{"Name": "zone", "Values": ["a", 2]}]}, "`Filters.0.Values.1`"),
    ]:
        message = refused(
            emulator, "InvalidParameterValue", "cvm", "2017-03-12", "DescribeInstances", params
        )
        assert path in message, message


def test_invalid_action_suggests_the_closest_names(emulator):
    message = refused(emulator, "InvalidAction", "cvm", "2017-03-12", "DescribeInstance", {})
    assert "`DescribeInstances`" in message, message
    message = refused(emulator, "InvalidAction", "vpc", "2017-03-12", "DescribeVpcz", {})
    assert "`DescribeVpcs`" in message, message


def test_no_such_version(emulator):
    message = refused(emulator, "NoSuchVersion", "cvm", "2017-03-13", "DescribeInstances", {})
    assert "2017-03-12" in message, message
