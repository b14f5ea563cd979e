/**
 * The Smithy `ec2Query` protocol tests that apply to this client, written out as fixtures.
 *
 * Source: smithy-lang/smithy at 0f7323128b0606a1b94b1ac482c94d3800a22708,
 * `smithy-aws-protocol-tests/model/ec2Query/{input,input-lists,empty-input-output,xml-structs,
 * xml-lists,xml-errors,datetime-offsets,fractional-seconds}.smithy` (Apache-2.0). Each case keeps
 * its Smithy id. The facts (shapes, bodies, expected values) carry over; nothing is copied as code.
 *
 * The test service's shapes are given twice, in the two forms this project reads:
 * - `SMITHY_MODEL`: a botocore `service-2.json` translation (`@ec2QueryName` → `queryName`,
 *   `@xmlName` → `locationName`; a Smithy member without either whose ec2Query name is its name
 *   capitalised gets `locationName` = its name, as AWS's JSON models carry it). The generator test
 *   runs it through the reader and checks it gives `SMITHY_PROTOCOL`.
 * - `SMITHY_PROTOCOL`: the operation table the serializer and reader walk.
 *
 * Not applicable, and left out: `@timestampFormat` members and shapes (epoch-seconds, http-date:
 * the EC2 models use none), maps (none in EC2 models), `@xmlFlattened` lists (none either; the
 * generator refuses them, so their elements are skipped like any unknown element), idempotency
 * token auto-fill (the 2014-10-01 model marks no `idempotencyToken`), and endpoint, host-prefix
 * and request-compression cases (the client's concern, not the protocol's).
 */
import type { Ec2Protocol } from '../protocol.js';

export const SMITHY_SOURCE = {
  repository: 'smithy-lang/smithy',
  commit: '0f7323128b0606a1b94b1ac482c94d3800a22708',
  folder: 'smithy-aws-protocol-tests/model/ec2Query/',
  license: 'Apache-2.0',
} as const;

const S = { type: 'string' } as const;

export const SMITHY_PROTOCOL: Ec2Protocol = {
  apiVersion: '2020-01-08',
  operations: {
    EmptyInputAndEmptyOutput: {
      input: 'EmptyInputAndEmptyOutputInput',
      output: 'EmptyInputAndEmptyOutputOutput',
    },
    GreetingWithErrors: { output: 'GreetingWithErrorsOutput' },
    IgnoresWrappingXmlName: { output: 'IgnoresWrappingXmlNameOutput' },
    NestedStructures: { input: 'NestedStructuresInput' },
    NoInputAndOutput: { output: 'NoInputAndOutputOutput' },
    QueryIdempotencyTokenAutoFill: { input: 'QueryIdempotencyTokenAutoFillInput' },
    QueryLists: { input: 'QueryListsInput' },
    QueryTimestamps: { input: 'QueryTimestampsInput' },
    RecursiveXmlShapes: { output: 'RecursiveXmlShapesOutput' },
    SimpleInputParams: { input: 'SimpleInputParamsInput' },
    SimpleScalarXmlProperties: { output: 'SimpleScalarXmlPropertiesOutput' },
    XmlBlobs: { output: 'XmlBlobsOutput' },
    XmlEmptyBlobs: { output: 'XmlBlobsOutput' },
    XmlEmptyLists: { output: 'XmlListsOutput' },
    XmlEnums: { output: 'XmlEnumsOutput' },
    XmlIntEnums: { output: 'XmlIntEnumsOutput' },
    XmlLists: { output: 'XmlListsOutput' },
    XmlNamespaces: { output: 'XmlNamespacesOutput' },
    XmlTimestamps: { output: 'XmlTimestampsOutput' },
    DatetimeOffsets: { output: 'DatetimeOutput' },
    FractionalSeconds: { output: 'DatetimeOutput' },
  },
  inputShapes: {
    EmptyInputAndEmptyOutputInput: { members: {} },
    GreetingStruct: { members: { hi: { wire: 'Hi', ...S } } },
    NestedStructWithList: {
      members: { ListArg: { wire: 'ListArg', type: 'list', member: S } },
    },
    NestedStructuresInput: { members: { Nested: { wire: 'Nested', type: 'structure', shape: 'StructArg' } } },
    QueryIdempotencyTokenAutoFillInput: { members: { token: { wire: 'Token', ...S } } },
    QueryListsInput: {
      members: {
        ListArg: { wire: 'ListArg', type: 'list', member: S },
        ComplexListArg: {
          wire: 'ComplexListArg',
          type: 'list',
          member: { type: 'structure', shape: 'GreetingStruct' },
        },
        ListArgWithXmlNameMember: { wire: 'ListArgWithXmlNameMember', type: 'list', member: S },
        ListArgWithXmlName: { wire: 'Hi', type: 'list', member: S },
        NestedWithList: { wire: 'NestedWithList', type: 'structure', shape: 'NestedStructWithList' },
      },
    },
    QueryTimestampsInput: { members: { normalFormat: { wire: 'NormalFormat', type: 'timestamp' } } },
    SimpleInputParamsInput: {
      members: {
        Foo: { wire: 'Foo', ...S },
        Bar: { wire: 'Bar', ...S },
        Baz: { wire: 'Baz', type: 'boolean' },
        Bam: { wire: 'Bam', type: 'integer' },
        FloatValue: { wire: 'FloatValue', type: 'float' },
        Boo: { wire: 'Boo', type: 'double' },
        Qux: { wire: 'Qux', type: 'blob' },
        FooEnum: { wire: 'FooEnum', ...S },
        HasQueryName: { wire: 'HasQueryName', ...S },
        HasQueryAndXmlName: { wire: 'HasQueryAndXmlName', ...S },
        UsesXmlName: { wire: 'UsesXmlName', ...S },
        DistinctQueryName: { wire: 'QueryName', ...S },
        DistinctQueryAndXmlName: { wire: 'queryAndXmlName', ...S },
        DistinctXmlName: { wire: 'XmlNameOnly', ...S },
      },
    },
    StructArg: {
      members: {
        StringArg: { wire: 'StringArg', ...S },
        OtherArg: { wire: 'OtherArg', type: 'boolean' },
        RecursiveArg: { wire: 'RecursiveArg', type: 'structure', shape: 'StructArg' },
      },
    },
  },
  outputShapes: {
    DatetimeOutput: { datetime: { member: 'datetime', type: 'timestamp' } },
    EmptyInputAndEmptyOutputOutput: {},
    GreetingWithErrorsOutput: { greeting: { member: 'greeting', ...S } },
    IgnoresWrappingXmlNameOutput: { foo: { member: 'foo', ...S } },
    NoInputAndOutputOutput: {},
    RecursiveXmlShapesOutput: {
      nested: { member: 'nested', type: 'structure', shape: 'RecursiveXmlShapesOutputNested1' },
    },
    RecursiveXmlShapesOutputNested1: {
      foo: { member: 'foo', ...S },
      nested: { member: 'nested', type: 'structure', shape: 'RecursiveXmlShapesOutputNested2' },
    },
    RecursiveXmlShapesOutputNested2: {
      bar: { member: 'bar', ...S },
      recursiveMember: {
        member: 'recursiveMember',
        type: 'structure',
        shape: 'RecursiveXmlShapesOutputNested1',
      },
    },
    SimpleScalarXmlPropertiesOutput: {
      stringValue: { member: 'stringValue', ...S },
      emptyStringValue: { member: 'emptyStringValue', ...S },
      trueBooleanValue: { member: 'trueBooleanValue', type: 'boolean' },
      falseBooleanValue: { member: 'falseBooleanValue', type: 'boolean' },
      byteValue: { member: 'byteValue', type: 'integer' },
      shortValue: { member: 'shortValue', type: 'integer' },
      integerValue: { member: 'integerValue', type: 'integer' },
      longValue: { member: 'longValue', type: 'long' },
      floatValue: { member: 'floatValue', type: 'float' },
      DoubleDribble: { member: 'doubleValue', type: 'double' },
    },
    StructureListMember: { value: { member: 'a', ...S }, other: { member: 'b', ...S } },
    XmlBlobsOutput: { data: { member: 'data', type: 'blob' } },
    XmlEnumsOutput: {
      fooEnum1: { member: 'fooEnum1', ...S },
      fooEnum2: { member: 'fooEnum2', ...S },
      fooEnum3: { member: 'fooEnum3', ...S },
      fooEnumList: { member: 'fooEnumList', type: 'list', item: S },
      fooEnumSet: { member: 'fooEnumSet', type: 'list', item: S },
    },
    XmlIntEnumsOutput: {
      intEnum1: { member: 'intEnum1', type: 'integer' },
      intEnum2: { member: 'intEnum2', type: 'integer' },
      intEnum3: { member: 'intEnum3', type: 'integer' },
      intEnumList: { member: 'intEnumList', type: 'list', item: { type: 'integer' } },
      intEnumSet: { member: 'intEnumSet', type: 'list', item: { type: 'integer' } },
    },
    XmlListsOutput: {
      stringList: { member: 'stringList', type: 'list', item: S },
      stringSet: { member: 'stringSet', type: 'list', item: S },
      integerList: { member: 'integerList', type: 'list', item: { type: 'integer' } },
      booleanList: { member: 'booleanList', type: 'list', item: { type: 'boolean' } },
      timestampList: { member: 'timestampList', type: 'list', item: { type: 'timestamp' } },
      enumList: { member: 'enumList', type: 'list', item: S },
      intEnumList: { member: 'intEnumList', type: 'list', item: { type: 'integer' } },
      nestedStringList: { member: 'nestedStringList', type: 'list', item: { type: 'list', item: S } },
      renamed: { member: 'renamedListMembers', type: 'list', item: S },
      myStructureList: {
        member: 'structureList',
        type: 'list',
        item: { type: 'structure', shape: 'StructureListMember' },
      },
    },
    XmlNamespaceNested: {
      foo: { member: 'foo', ...S },
      values: { member: 'values', type: 'list', item: S },
    },
    XmlNamespacesOutput: { nested: { member: 'nested', type: 'structure', shape: 'XmlNamespaceNested' } },
    XmlTimestampsOutput: {
      normal: { member: 'normal', type: 'timestamp' },
      dateTime: { member: 'dateTime', type: 'timestamp' },
      dateTimeOnTarget: { member: 'dateTimeOnTarget', type: 'timestamp' },
    },
  },
};

// ---------------------------------------------------------------------------------------------
// The same service as a botocore model (for the generator's reader)

const member = (shape: string, extra: Record<string, string> = {}) => ({ shape, ...extra });
const structure = (members: Record<string, unknown>) => ({ type: 'structure', members });
const list = (shape: string, locationName?: string) => ({
  type: 'list',
  member: locationName === undefined ? { shape } : { shape, locationName },
});
const operation = (name: string, input?: string, output?: string) => ({
  name,
  http: { method: 'POST', requestUri: '/' },
  ...(input === undefined ? {} : { input: { shape: input } }),
  ...(output === undefined ? {} : { output: { shape: output } }),
});

export const SMITHY_MODEL = {
  version: '2.0',
  metadata: {
    apiVersion: '2020-01-08',
    endpointPrefix: 'ec2query',
    protocol: 'ec2',
    serviceFullName: 'Sample Ec2 Protocol Service',
    serviceId: 'EC2 Protocol',
    signatureVersion: 'v4',
    xmlNamespace: 'https://example.com/',
  },
  operations: Object.fromEntries(
    Object.entries(SMITHY_PROTOCOL.operations).map(([name, op]) => [
      name,
      operation(name, op.input, op.output),
    ]),
  ),
  shapes: {
    Blob: { type: 'blob' },
    Boolean: { type: 'boolean' },
    Double: { type: 'double' },
    Float: { type: 'float' },
    Integer: { type: 'integer' },
    Long: { type: 'long' },
    String: { type: 'string' },
    Timestamp: { type: 'timestamp' },
    FooEnum: { type: 'string', enum: ['Foo', 'Baz', 'Bar', '1', '0'] },
    StringList: list('String'),
    IntegerList: list('Integer'),
    BooleanList: list('Boolean'),
    TimestampList: list('Timestamp'),
    FooEnumList: list('FooEnum'),
    NestedStringList: list('StringList'),
    ListWithXmlName: list('String', 'item'),
    RenamedListMembers: list('String', 'item'),
    GreetingList: list('GreetingStruct'),
    StructureList: list('StructureListMember', 'item'),
    XmlNamespacedList: list('String'),
    EmptyInputAndEmptyOutputInput: structure({}),
    EmptyInputAndEmptyOutputOutput: structure({}),
    NoInputAndOutputOutput: structure({}),
    GreetingStruct: structure({ hi: member('String', { locationName: 'hi' }) }),
    NestedStructWithList: structure({ ListArg: member('StringList') }),
    NestedStructuresInput: structure({ Nested: member('StructArg') }),
    QueryIdempotencyTokenAutoFillInput: structure({ token: member('String', { locationName: 'token' }) }),
    QueryListsInput: structure({
      ListArg: member('StringList'),
      ComplexListArg: member('GreetingList'),
      ListArgWithXmlNameMember: member('ListWithXmlName'),
      ListArgWithXmlName: member('ListWithXmlName', { locationName: 'Hi' }),
      NestedWithList: member('NestedStructWithList'),
    }),
    QueryTimestampsInput: structure({ normalFormat: member('Timestamp', { locationName: 'normalFormat' }) }),
    SimpleInputParamsInput: structure({
      Foo: member('String'),
      Bar: member('String'),
      Baz: member('Boolean'),
      Bam: member('Integer'),
      FloatValue: member('Float'),
      Boo: member('Double'),
      Qux: member('Blob'),
      FooEnum: member('FooEnum'),
      HasQueryName: member('String', { queryName: 'HasQueryName' }),
      HasQueryAndXmlName: member('String', {
        queryName: 'HasQueryAndXmlName',
        locationName: 'hasQueryAndXmlName',
      }),
      UsesXmlName: member('String', { locationName: 'usesXmlName' }),
      DistinctQueryName: member('String', { queryName: 'QueryName' }),
      DistinctQueryAndXmlName: member('String', {
        queryName: 'queryAndXmlName',
        locationName: 'xmlAndQueryName',
      }),
      DistinctXmlName: member('String', { locationName: 'xmlNameOnly' }),
    }),
    StructArg: structure({
      StringArg: member('String'),
      OtherArg: member('Boolean'),
      RecursiveArg: member('StructArg'),
    }),
    DatetimeOutput: structure({ datetime: member('Timestamp') }),
    GreetingWithErrorsOutput: structure({ greeting: member('String') }),
    IgnoresWrappingXmlNameOutput: structure({ foo: member('String') }),
    RecursiveXmlShapesOutput: structure({ nested: member('RecursiveXmlShapesOutputNested1') }),
    RecursiveXmlShapesOutputNested1: structure({
      foo: member('String'),
      nested: member('RecursiveXmlShapesOutputNested2'),
    }),
    RecursiveXmlShapesOutputNested2: structure({
      bar: member('String'),
      recursiveMember: member('RecursiveXmlShapesOutputNested1'),
    }),
    SimpleScalarXmlPropertiesOutput: structure({
      stringValue: member('String', { queryName: 'IgnoreMe' }),
      emptyStringValue: member('String'),
      trueBooleanValue: member('Boolean'),
      falseBooleanValue: member('Boolean'),
      byteValue: member('Integer'),
      shortValue: member('Integer'),
      integerValue: member('Integer'),
      longValue: member('Long'),
      floatValue: member('Float'),
      doubleValue: member('Double', { locationName: 'DoubleDribble' }),
    }),
    StructureListMember: structure({
      a: member('String', { locationName: 'value' }),
      b: member('String', { locationName: 'other' }),
    }),
    XmlBlobsOutput: structure({ data: member('Blob') }),
    XmlEnumsOutput: structure({
      fooEnum1: member('FooEnum'),
      fooEnum2: member('FooEnum'),
      fooEnum3: member('FooEnum'),
      fooEnumList: member('FooEnumList'),
      fooEnumSet: member('FooEnumList'),
    }),
    XmlIntEnumsOutput: structure({
      intEnum1: member('Integer'),
      intEnum2: member('Integer'),
      intEnum3: member('Integer'),
      intEnumList: member('IntegerList'),
      intEnumSet: member('IntegerList'),
    }),
    XmlListsOutput: structure({
      stringList: member('StringList'),
      stringSet: member('StringList'),
      integerList: member('IntegerList'),
      booleanList: member('BooleanList'),
      timestampList: member('TimestampList'),
      enumList: member('FooEnumList'),
      intEnumList: member('IntegerList'),
      nestedStringList: member('NestedStringList'),
      renamedListMembers: member('RenamedListMembers', { locationName: 'renamed' }),
      structureList: member('StructureList', { locationName: 'myStructureList' }),
    }),
    XmlNamespaceNested: structure({ foo: member('String'), values: member('XmlNamespacedList') }),
    XmlNamespacesOutput: structure({ nested: member('XmlNamespaceNested') }),
    XmlTimestampsOutput: structure({
      normal: member('Timestamp'),
      dateTime: member('Timestamp'),
      dateTimeOnTarget: member('Timestamp'),
    }),
  },
};

// ---------------------------------------------------------------------------------------------
// The cases

export interface RequestCase {
  /** The Smithy test id; `(part)` when only part of the case applies. */
  id: string;
  file: string;
  operation: string;
  params?: Record<string, unknown>;
  body: string;
}

export const REQUEST_CASES: RequestCase[] = [
  {
    id: 'Ec2SimpleInputParamsStrings',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { Foo: 'val1', Bar: 'val2' },
    body: 'Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Bar=val2',
  },
  {
    id: 'Ec2SimpleInputParamsStringAndBooleanTrue',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { Foo: 'val1', Baz: true },
    body: 'Action=SimpleInputParams&Version=2020-01-08&Foo=val1&Baz=true',
  },
  {
    id: 'Ec2SimpleInputParamsStringsAndBooleanFalse',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { Baz: false },
    body: 'Action=SimpleInputParams&Version=2020-01-08&Baz=false',
  },
  {
    id: 'Ec2SimpleInputParamsInteger',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { Bam: 10 },
    body: 'Action=SimpleInputParams&Version=2020-01-08&Bam=10',
  },
  {
    id: 'Ec2SimpleInputParamsFloat',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { Boo: 10.8 },
    body: 'Action=SimpleInputParams&Version=2020-01-08&Boo=10.8',
  },
  {
    id: 'Ec2SimpleInputParamsBlob',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { Qux: 'value' },
    body: 'Action=SimpleInputParams&Version=2020-01-08&Qux=dmFsdWU%3D',
  },
  {
    id: 'Ec2Enums',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { FooEnum: 'Foo' },
    body: 'Action=SimpleInputParams&Version=2020-01-08&FooEnum=Foo',
  },
  {
    id: 'Ec2Query',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { HasQueryName: 'Hi' },
    body: 'Action=SimpleInputParams&Version=2020-01-08&HasQueryName=Hi',
  },
  {
    id: 'Ec2QueryIsPreferred',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { HasQueryAndXmlName: 'Hi' },
    body: 'Action=SimpleInputParams&Version=2020-01-08&HasQueryAndXmlName=Hi',
  },
  {
    id: 'Ec2XmlNameIsUppercased',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { UsesXmlName: 'Hi' },
    body: 'Action=SimpleInputParams&Version=2020-01-08&UsesXmlName=Hi',
  },
  {
    id: 'Ec2QueryNameDistinctFromXmlNameAndMemberName',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { DistinctQueryName: 'value1', DistinctQueryAndXmlName: 'value2', DistinctXmlName: 'value3' },
    body: 'Action=SimpleInputParams&Version=2020-01-08&QueryName=value1&queryAndXmlName=value2&XmlNameOnly=value3',
  },
  {
    id: 'Ec2QuerySupportsNaNFloatInputs',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { FloatValue: Number.NaN, Boo: Number.NaN },
    body: 'Action=SimpleInputParams&Version=2020-01-08&FloatValue=NaN&Boo=NaN',
  },
  {
    id: 'Ec2QuerySupportsInfinityFloatInputs',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { FloatValue: Number.POSITIVE_INFINITY, Boo: Number.POSITIVE_INFINITY },
    body: 'Action=SimpleInputParams&Version=2020-01-08&FloatValue=Infinity&Boo=Infinity',
  },
  {
    id: 'Ec2QuerySupportsNegativeInfinityFloatInputs',
    file: 'input.smithy',
    operation: 'SimpleInputParams',
    params: { FloatValue: Number.NEGATIVE_INFINITY, Boo: Number.NEGATIVE_INFINITY },
    body: 'Action=SimpleInputParams&Version=2020-01-08&FloatValue=-Infinity&Boo=-Infinity',
  },
  // Only the default (date-time) member applies: epochMember and epochTarget use @timestampFormat.
  {
    id: 'Ec2TimestampsInput (normalFormat)',
    file: 'input.smithy',
    operation: 'QueryTimestamps',
    params: { normalFormat: new Date(1422172800 * 1000) },
    body: 'Action=QueryTimestamps&Version=2020-01-08&NormalFormat=2015-01-25T08%3A00%3A00Z',
  },
  {
    id: 'Ec2NestedStructures',
    file: 'input.smithy',
    operation: 'NestedStructures',
    params: { Nested: { StringArg: 'foo', OtherArg: true, RecursiveArg: { StringArg: 'baz' } } },
    body: 'Action=NestedStructures&Version=2020-01-08&Nested.StringArg=foo&Nested.OtherArg=true&Nested.RecursiveArg.StringArg=baz',
  },
  {
    id: 'Ec2ProtocolIdempotencyTokenAutoFillIsSet',
    file: 'input.smithy',
    operation: 'QueryIdempotencyTokenAutoFill',
    params: { token: '00000000-0000-4000-8000-000000000123' },
    body: 'Action=QueryIdempotencyTokenAutoFill&Version=2020-01-08&Token=00000000-0000-4000-8000-000000000123',
  },
  {
    id: 'Ec2Lists',
    file: 'input-lists.smithy',
    operation: 'QueryLists',
    params: { ListArg: ['foo', 'bar', 'baz'], ComplexListArg: [{ hi: 'hello' }, { hi: 'hola' }] },
    body: 'Action=QueryLists&Version=2020-01-08&ListArg.1=foo&ListArg.2=bar&ListArg.3=baz&ComplexListArg.1.Hi=hello&ComplexListArg.2.Hi=hola',
  },
  {
    id: 'Ec2EmptyQueryLists',
    file: 'input-lists.smithy',
    operation: 'QueryLists',
    params: { ListArg: [] },
    body: 'Action=QueryLists&Version=2020-01-08',
  },
  {
    id: 'Ec2ListArgWithXmlNameMember',
    file: 'input-lists.smithy',
    operation: 'QueryLists',
    params: { ListArgWithXmlNameMember: ['A', 'B'] },
    body: 'Action=QueryLists&Version=2020-01-08&ListArgWithXmlNameMember.1=A&ListArgWithXmlNameMember.2=B',
  },
  {
    id: 'Ec2ListMemberWithXmlName',
    file: 'input-lists.smithy',
    operation: 'QueryLists',
    params: { ListArgWithXmlName: ['A', 'B'] },
    body: 'Action=QueryLists&Version=2020-01-08&Hi.1=A&Hi.2=B',
  },
  {
    id: 'Ec2ListNestedStructWithList',
    file: 'input-lists.smithy',
    operation: 'QueryLists',
    params: { NestedWithList: { ListArg: ['A', 'B'] } },
    body: 'Action=QueryLists&Version=2020-01-08&NestedWithList.ListArg.1=A&NestedWithList.ListArg.2=B',
  },
  {
    id: 'Ec2QueryNoInputAndOutput',
    file: 'empty-input-output.smithy',
    operation: 'NoInputAndOutput',
    body: 'Action=NoInputAndOutput&Version=2020-01-08',
  },
  {
    id: 'Ec2QueryEmptyInputAndEmptyOutput',
    file: 'empty-input-output.smithy',
    operation: 'EmptyInputAndEmptyOutput',
    params: {},
    body: 'Action=EmptyInputAndEmptyOutput&Version=2020-01-08',
  },
];

export interface ResponseCase {
  id: string;
  file: string;
  operation: string;
  body: string;
  params: Record<string, unknown>;
  requestId?: string;
}

const seconds = (s: number) => new Date(s * 1000);
const bytes = (text: string) => new TextEncoder().encode(text);

export const RESPONSE_CASES: ResponseCase[] = [
  {
    id: 'Ec2SimpleScalarProperties',
    file: 'xml-structs.smithy',
    operation: 'SimpleScalarXmlProperties',
    body: `<SimpleScalarXmlPropertiesResponse xmlns="https://example.com/">
    <stringValue>string</stringValue>
    <emptyStringValue/>
    <trueBooleanValue>true</trueBooleanValue>
    <falseBooleanValue>false</falseBooleanValue>
    <byteValue>1</byteValue>
    <shortValue>2</shortValue>
    <integerValue>3</integerValue>
    <longValue>4</longValue>
    <floatValue>5.5</floatValue>
    <DoubleDribble>6.5</DoubleDribble>
    <requestId>requestid</requestId>
</SimpleScalarXmlPropertiesResponse>`,
    params: {
      stringValue: 'string',
      emptyStringValue: '',
      trueBooleanValue: true,
      falseBooleanValue: false,
      byteValue: 1,
      shortValue: 2,
      integerValue: 3,
      longValue: 4,
      floatValue: 5.5,
      doubleValue: 6.5,
    },
    requestId: 'requestid',
  },
  ...(
    [
      ['Ec2QuerySupportsNaNFloatOutputs', 'NaN', Number.NaN],
      ['Ec2QuerySupportsInfinityFloatOutputs', 'Infinity', Number.POSITIVE_INFINITY],
      ['Ec2QuerySupportsNegativeInfinityFloatOutputs', '-Infinity', Number.NEGATIVE_INFINITY],
    ] as const
  ).map(([id, text, value]) => ({
    id,
    file: 'xml-structs.smithy',
    operation: 'SimpleScalarXmlProperties',
    body: `<SimpleScalarXmlPropertiesResponse xmlns="https://example.com/">
    <floatValue>${text}</floatValue>
    <DoubleDribble>${text}</DoubleDribble>
</SimpleScalarXmlPropertiesResponse>`,
    params: { floatValue: value, doubleValue: value },
  })),
  {
    id: 'Ec2XmlBlobs',
    file: 'xml-structs.smithy',
    operation: 'XmlBlobs',
    body: '<XmlBlobsResponse xmlns="https://example.com/">\n    <data>dmFsdWU=</data>\n    <requestId>requestid</requestId>\n</XmlBlobsResponse>',
    params: { data: bytes('value') },
    requestId: 'requestid',
  },
  {
    id: 'Ec2XmlEmptyBlobs',
    file: 'xml-structs.smithy',
    operation: 'XmlEmptyBlobs',
    body: '<XmlEmptyBlobsResponse xmlns="https://example.com/">\n    <data></data>\n    <requestId>requestid</requestId>\n</XmlEmptyBlobsResponse>',
    params: { data: bytes('') },
  },
  {
    id: 'Ec2XmlEmptySelfClosedBlobs',
    file: 'xml-structs.smithy',
    operation: 'XmlEmptyBlobs',
    body: '<XmlEmptyBlobsResponse xmlns="https://example.com/">\n    <data/>\n    <requestId>requestid</requestId>\n</XmlEmptyBlobsResponse>',
    params: { data: bytes('') },
  },
  ...(['normal', 'dateTime', 'dateTimeOnTarget'] as const).map((element) => ({
    id: {
      normal: 'Ec2XmlTimestamps',
      dateTime: 'Ec2XmlTimestampsWithDateTimeFormat',
      dateTimeOnTarget: 'Ec2XmlTimestampsWithDateTimeOnTargetFormat',
    }[element],
    file: 'xml-structs.smithy',
    operation: 'XmlTimestamps',
    body: `<XmlTimestampsResponse xmlns="https://example.com/">\n    <${element}>2014-04-29T18:30:38Z</${element}>\n    <requestId>requestid</requestId>\n</XmlTimestampsResponse>`,
    params: { [element]: seconds(1398796238) },
  })),
  {
    id: 'Ec2XmlEnums (fooEnumMap left out: no maps in EC2 models)',
    file: 'xml-structs.smithy',
    operation: 'XmlEnums',
    body: `<XmlEnumsResponse xmlns="https://example.com/">
    <fooEnum1>Foo</fooEnum1>
    <fooEnum2>0</fooEnum2>
    <fooEnum3>1</fooEnum3>
    <fooEnumList>
        <member>Foo</member>
        <member>0</member>
    </fooEnumList>
    <fooEnumSet>
        <member>Foo</member>
        <member>0</member>
    </fooEnumSet>
    <fooEnumMap>
        <entry>
            <key>hi</key>
            <value>Foo</value>
        </entry>
    </fooEnumMap>
    <requestId>requestid</requestId>
</XmlEnumsResponse>`,
    params: {
      fooEnum1: 'Foo',
      fooEnum2: '0',
      fooEnum3: '1',
      fooEnumList: ['Foo', '0'],
      fooEnumSet: ['Foo', '0'],
    },
  },
  {
    id: 'Ec2XmlIntEnums (intEnumMap left out)',
    file: 'xml-structs.smithy',
    operation: 'XmlIntEnums',
    body: `<XmlIntEnumsResponse xmlns="https://example.com/">
    <intEnum1>1</intEnum1>
    <intEnum2>2</intEnum2>
    <intEnum3>3</intEnum3>
    <intEnumList>
        <member>1</member>
        <member>2</member>
    </intEnumList>
    <intEnumSet>
        <member>1</member>
        <member>2</member>
    </intEnumSet>
    <intEnumMap>
        <entry>
            <key>a</key>
            <value>1</value>
        </entry>
    </intEnumMap>
    <requestId>requestid</requestId>
</XmlIntEnumsResponse>`,
    params: { intEnum1: 1, intEnum2: 2, intEnum3: 3, intEnumList: [1, 2], intEnumSet: [1, 2] },
  },
  {
    id: 'Ec2RecursiveShapes',
    file: 'xml-structs.smithy',
    operation: 'RecursiveXmlShapes',
    body: `<RecursiveXmlShapesResponse xmlns="https://example.com/">
    <nested>
        <foo>Foo1</foo>
        <nested>
            <bar>Bar1</bar>
            <recursiveMember>
                <foo>Foo2</foo>
                <nested>
                    <bar>Bar2</bar>
                </nested>
            </recursiveMember>
        </nested>
    </nested>
    <requestId>requestid</requestId>
</RecursiveXmlShapesResponse>`,
    params: {
      nested: {
        foo: 'Foo1',
        nested: { bar: 'Bar1', recursiveMember: { foo: 'Foo2', nested: { bar: 'Bar2' } } },
      },
    },
  },
  {
    id: 'Ec2XmlNamespaces',
    file: 'xml-structs.smithy',
    operation: 'XmlNamespaces',
    body: `<XmlNamespacesResponse xmlns="https://example.com/">
    <nested>
        <foo xmlns:baz="http://baz.com">Foo</foo>
        <values xmlns="http://qux.com">
            <member xmlns="http://bux.com">Bar</member>
            <member xmlns="http://bux.com">Baz</member>
        </values>
    </nested>
    <requestId>requestid</requestId>
</XmlNamespacesResponse>`,
    params: { nested: { foo: 'Foo', values: ['Bar', 'Baz'] } },
  },
  {
    id: 'Ec2IgnoresWrappingXmlName',
    file: 'xml-structs.smithy',
    operation: 'IgnoresWrappingXmlName',
    body: '<IgnoresWrappingXmlNameResponse xmlns="https://example.com/">\n    <foo>bar</foo>\n    <requestId>requestid</requestId>\n</IgnoresWrappingXmlNameResponse>',
    params: { foo: 'bar' },
  },
  {
    id: 'Ec2XmlLists (the @xmlFlattened members left out)',
    file: 'xml-lists.smithy',
    operation: 'XmlLists',
    body: `<XmlListsResponse xmlns="https://example.com/">
    <stringList>
        <member>foo</member>
        <member>bar</member>
    </stringList>
    <stringSet>
        <member>foo</member>
        <member>bar</member>
    </stringSet>
    <integerList>
        <member>1</member>
        <member>2</member>
    </integerList>
    <booleanList>
        <member>true</member>
        <member>false</member>
    </booleanList>
    <timestampList>
        <member>2014-04-29T18:30:38Z</member>
        <member>2014-04-29T18:30:38Z</member>
    </timestampList>
    <enumList>
        <member>Foo</member>
        <member>0</member>
    </enumList>
    <intEnumList>
        <member>1</member>
        <member>2</member>
    </intEnumList>
    <nestedStringList>
        <member>
            <member>foo</member>
            <member>bar</member>
        </member>
        <member>
            <member>baz</member>
            <member>qux</member>
        </member>
    </nestedStringList>
    <renamed>
        <item>foo</item>
        <item>bar</item>
    </renamed>
    <flattenedList>hi</flattenedList>
    <flattenedList>bye</flattenedList>
    <customName>yep</customName>
    <customName>nope</customName>
    <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">a</flattenedListWithMemberNamespace>
    <flattenedListWithMemberNamespace xmlns="https://xml-member.example.com">b</flattenedListWithMemberNamespace>
    <flattenedListWithNamespace>a</flattenedListWithNamespace>
    <flattenedListWithNamespace>b</flattenedListWithNamespace>
    <myStructureList>
        <item>
            <value>1</value>
            <other>2</other>
        </item>
        <item>
            <value>3</value>
            <other>4</other>
        </item>
    </myStructureList>
    <requestId>requestid</requestId>
</XmlListsResponse>`,
    params: {
      stringList: ['foo', 'bar'],
      stringSet: ['foo', 'bar'],
      integerList: [1, 2],
      booleanList: [true, false],
      timestampList: [seconds(1398796238), seconds(1398796238)],
      enumList: ['Foo', '0'],
      intEnumList: [1, 2],
      nestedStringList: [
        ['foo', 'bar'],
        ['baz', 'qux'],
      ],
      renamedListMembers: ['foo', 'bar'],
      structureList: [
        { a: '1', b: '2' },
        { a: '3', b: '4' },
      ],
    },
    requestId: 'requestid',
  },
  {
    id: 'Ec2XmlEmptyLists',
    file: 'xml-lists.smithy',
    operation: 'XmlEmptyLists',
    body: '<XmlEmptyListsResponse xmlns="https://example.com/">\n  <stringList/>\n  <stringSet></stringSet>\n</XmlEmptyListsResponse>',
    params: { stringList: [], stringSet: [] },
  },
  {
    id: 'Ec2GreetingWithErrors',
    file: 'xml-errors.smithy',
    operation: 'GreetingWithErrors',
    body: '<GreetingWithErrorsResponse xmlns="https://example.com/">\n    <greeting>Hello</greeting>\n    <requestId>requestid</requestId>\n</GreetingWithErrorsResponse>',
    params: { greeting: 'Hello' },
    requestId: 'requestid',
  },
  {
    id: 'Ec2QueryNoInputAndOutput',
    file: 'empty-input-output.smithy',
    operation: 'NoInputAndOutput',
    body: '<NoInputAndOutputResponse xmlns="https://example.com/">\n    <requestId>requestid</requestId>\n</NoInputAndOutputResponse>',
    params: {},
    requestId: 'requestid',
  },
  {
    id: 'Ec2QueryEmptyInputAndEmptyOutput',
    file: 'empty-input-output.smithy',
    operation: 'EmptyInputAndEmptyOutput',
    body: '<EmptyInputAndEmptyOutputResponse xmlns="https://example.com/">\n    <requestId>requestid</requestId>\n</EmptyInputAndEmptyOutputResponse>',
    params: {},
    requestId: 'requestid',
  },
  {
    id: 'Ec2QueryDateTimeWithNegativeOffset',
    file: 'datetime-offsets.smithy',
    operation: 'DatetimeOffsets',
    body: '<DatetimeOffsetsResponse xmlns="https://example.com/">\n    <datetime>2019-12-16T22:48:18-01:00</datetime>\n    <requestId>requestid</requestId>\n</DatetimeOffsetsResponse>',
    params: { datetime: seconds(1576540098) },
  },
  {
    id: 'Ec2QueryDateTimeWithPositiveOffset',
    file: 'datetime-offsets.smithy',
    operation: 'DatetimeOffsets',
    body: '<DatetimeOffsetsResponse xmlns="https://example.com/">\n    <datetime>2019-12-17T00:48:18+01:00</datetime>\n    <requestId>requestid</requestId>\n</DatetimeOffsetsResponse>',
    params: { datetime: seconds(1576540098) },
  },
  {
    id: 'Ec2QueryDateTimeWithFractionalSeconds',
    file: 'fractional-seconds.smithy',
    operation: 'FractionalSeconds',
    body: '<FractionalSecondsResponse xmlns="https://example.com/">\n    <datetime>2000-01-02T20:34:56.123Z</datetime>\n    <requestId>requestid</requestId>\n</FractionalSecondsResponse>',
    params: { datetime: new Date(946845296123) },
  },
];

export interface ErrorCase {
  id: string;
  file: string;
  status: number;
  body: string;
  code: string;
  message: string;
  requestId: string;
}

export const ERROR_CASES: ErrorCase[] = [
  {
    id: 'Ec2InvalidGreetingError',
    file: 'xml-errors.smithy',
    status: 400,
    body: `<Response>
    <Errors>
        <Error>
            <Code>InvalidGreeting</Code>
            <Message>Hi</Message>
        </Error>
    </Errors>
    <RequestID>foo-id</RequestID>
</Response>`,
    code: 'InvalidGreeting',
    message: 'Hi',
    requestId: 'foo-id',
  },
  {
    id: 'Ec2ComplexError (code, message and request id; the error shape’s own members are the client’s)',
    file: 'xml-errors.smithy',
    status: 400,
    body: `<Response>
    <Errors>
        <Error>
            <Code>ComplexError</Code>
            <Message>Hi</Message>
            <TopLevel>Top level</TopLevel>
            <Nested>
                <Foo>bar</Foo>
            </Nested>
        </Error>
    </Errors>
    <RequestID>foo-id</RequestID>
</Response>`,
    code: 'ComplexError',
    message: 'Hi',
    requestId: 'foo-id',
  },
];
