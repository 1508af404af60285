// AWS's answers to the permission check that moto 5.2.1 cannot give: it has no
// iam:SimulatePrincipalPolicy (it answers an HTML 500) and names every caller
// `arn:aws:sts::…:user/moto`. Fault-proxy rules answer both calls as AWS would, for an IAM user some
// of whose actions are denied; everything else goes to moto.
import type { ProxiedRequest } from './fault-proxy.js';

export const USER = 'arn:aws:iam::123456789012:user/builder';
const xml = (body: string) => ({ status: 200, headers: { 'content-type': 'text/xml' }, body });

/** STS as AWS answers an IAM user. */
export const callerIsUser = {
  service: 'sts',
  action: 'GetCallerIdentity',
  answer: () =>
    xml(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${USER}</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    ),
};

/** IAM's simulation: every action asked for is allowed but `denied`. */
export const simulation = (denied: string[]) => ({
  service: 'iam',
  action: 'SimulatePrincipalPolicy',
  answer: (request: ProxiedRequest) => {
    const asked = [...(request.params?.entries() ?? [])]
      .filter(([key]) => key.startsWith('ActionNames.member.'))
      .map(([, value]) => value);
    const members = asked
      .map(
        (action) =>
          `<member><EvalActionName>${action}</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>${denied.includes(action) ? 'implicitDeny' : 'allowed'}</EvalDecision></member>`,
      )
      .join('');
    return xml(
      `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>${members}</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>2</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`,
    );
  },
});

/** The calls that would change the account. */
export const WRITES =
  /^(Create|Run|Put|Allocate|Import|Attach|Associate|Authorize|Modify|Delete|Terminate|Release|Detach|Revoke)/;
