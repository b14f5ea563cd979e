"""The boto3 tutorial's flow against the EC2 simulator, with a custom endpoint_url.

Usage: boto3_flow.py ENDPOINT ACCESS_KEY SECRET_KEY REGION SIGNATURE API_VERSION
  SIGNATURE   v4 (botocore's default) or v2 (Config(signature_version='v2'), HmacSHA256)
  API_VERSION default (the newest model botocore has: 2016-11-15) or 2014-10-01

Prints one JSON object with what each step saw. Any unexpected failure exits non-zero.
"""
import json
import sys

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, access_key, secret_key, region, signature, api_version = sys.argv[1:7]

config = Config(
    signature_version=None if signature == 'v4' else signature,
    retries={'max_attempts': 1, 'mode': 'standard'},
)
options = dict(
    endpoint_url=endpoint,
    aws_access_key_id=access_key,
    aws_secret_access_key=secret_key,
    region_name=region,
    config=config,
)
if api_version != 'default':
    options['api_version'] = api_version

ec2 = boto3.client('ec2', **options)
fast = {'Delay': 1, 'MaxAttempts': 30}
out = {'botocore': botocore.__version__, 'model': ec2.meta.service_model.api_version}

regions = ec2.describe_regions()['Regions']
out['regions'] = [(r['RegionName'], r['Endpoint']) for r in regions]
out['zones'] = [z['ZoneName'] for z in ec2.describe_availability_zones()['AvailabilityZones']]

key = ec2.create_key_pair(KeyName='boto3-key')
out['key'] = [key['KeyName'], key['KeyMaterial'].startswith('-----BEGIN RSA PRIVATE KEY-----'),
              len(key['KeyFingerprint'])]
out['keys'] = [k['KeyName'] for k in ec2.describe_key_pairs()['KeyPairs']]

images = ec2.describe_images(Filters=[{'Name': 'name', 'Values': ['cirros*']}])['Images']
image = images[0]
out['image'] = [image['Name'], image['State'], image['Public'], image['ImageId'].startswith('ami-')]

reservation = ec2.run_instances(ImageId=image['ImageId'], MinCount=1, MaxCount=2, KeyName='boto3-key',
                                InstanceType='m1.tiny', SecurityGroups=['default'], UserData='#!/bin/sh\necho hi\n')
ids = [i['InstanceId'] for i in reservation['Instances']]
out['run'] = [reservation['ReservationId'].startswith('r-'), len(ids),
              [i['State']['Name'] for i in reservation['Instances']],
              type(reservation['Instances'][0]['LaunchTime']).__name__]

ec2.get_waiter('instance_running').wait(InstanceIds=ids, WaiterConfig=fast)
described = ec2.describe_instances(InstanceIds=ids)
instances = [i for r in described['Reservations'] for i in r['Instances']]
out['running'] = sorted((i['State']['Name'], i['State']['Code'], i['KeyName'], i['InstanceType'],
                         i['PrivateIpAddress'].startswith('10.')) for i in instances)

ec2.create_tags(Resources=[ids[0]], Tags=[{'Key': 'role', 'Value': 'web'}])
tagged = ec2.describe_instances(Filters=[{'Name': 'tag:role', 'Values': ['web']}])
out['tagged'] = [i['InstanceId'] == ids[0] for r in tagged['Reservations'] for i in r['Instances']]

paginator = ec2.get_paginator('describe_instances')
pages = list(paginator.paginate(Filters=[{'Name': 'instance-state-name', 'Values': ['running']}],
                                PaginationConfig={'PageSize': 5}))
out['pages'] = [sum(len(r['Instances']) for r in p['Reservations']) for p in pages]

ec2.stop_instances(InstanceIds=[ids[0]])
ec2.get_waiter('instance_stopped').wait(InstanceIds=[ids[0]], WaiterConfig=fast)
out['stopped'] = ec2.describe_instances(InstanceIds=[ids[0]])['Reservations'][0]['Instances'][0]['State']['Name']

terminated = ec2.terminate_instances(InstanceIds=ids)['TerminatingInstances']
out['terminate'] = sorted((t['PreviousState']['Name'], t['CurrentState']['Name']) for t in terminated)
ec2.get_waiter('instance_terminated').wait(InstanceIds=ids, WaiterConfig=fast)
out['terminated'] = sorted(i['State']['Name'] for r in ec2.describe_instances(InstanceIds=ids)['Reservations']
                           for i in r['Instances'])

try:
    ec2.describe_instances(InstanceIds=['i-0000beef'])
    out['missing'] = 'no error'
except ClientError as error:
    out['missing'] = [error.response['Error']['Code'], error.response['ResponseMetadata']['HTTPStatusCode']]

# The resource layer: create_instances, wait_until_running, reload, terminate.
resource = boto3.resource('ec2', **options)
created = resource.create_instances(ImageId=image['ImageId'], MinCount=1, MaxCount=1, InstanceType='m1.small')
instance = created[0]
instance.wait_until_running(WaiterConfig=fast)
instance.reload()
out['resource'] = [instance.state['Name'], instance.instance_type, instance.image_id == image['ImageId']]
instance.terminate()
instance.wait_until_terminated(WaiterConfig=fast)
instance.reload()
out['resource_terminated'] = instance.state['Name']

ec2.delete_key_pair(KeyName='boto3-key')

wrong = boto3.client('ec2', **dict(options, aws_secret_access_key='wrong-secret'))
try:
    wrong.describe_regions()
    out['wrong_secret'] = 'no error'
except ClientError as error:
    out['wrong_secret'] = [error.response['Error']['Code'], error.response['ResponseMetadata']['HTTPStatusCode']]

print(json.dumps(out))
