-- Identity matching: first names that stand for one another (Bob → Robert). A seed
-- table in SQL so it is read, extended or replaced like any other model: a project
-- that overrides this model (same name) changes which first names compare as
-- `nickname`. Both columns lower case without accents, as int_identity__features
-- standardises names; a nickname may map to several formal names (Pat → Patricia,
-- Patrick), and every formal name maps to itself implicitly.

select nickname, formal_name
from (values
{%- set pairs = [
    ['abby', 'abigail'], ['al', 'albert'], ['al', 'alan'], ['alex', 'alexander'], ['alex', 'alexandra'],
    ['ali', 'alison'], ['andy', 'andrew'], ['annie', 'anne'], ['bart', 'bartholomew'], ['becky', 'rebecca'],
    ['ben', 'benjamin'], ['bert', 'albert'], ['bess', 'elizabeth'], ['beth', 'elizabeth'], ['betty', 'elizabeth'],
    ['bill', 'william'], ['billy', 'william'], ['bob', 'robert'], ['bobby', 'robert'], ['brad', 'bradley'],
    ['cathy', 'catherine'], ['charlie', 'charles'], ['chris', 'christopher'], ['chris', 'christine'], ['chuck', 'charles'],
    ['cindy', 'cynthia'], ['dan', 'daniel'], ['danny', 'daniel'], ['dave', 'david'], ['davy', 'david'],
    ['deb', 'deborah'], ['debbie', 'deborah'], ['dick', 'richard'], ['don', 'donald'], ['ed', 'edward'],
    ['eddie', 'edward'], ['ellie', 'eleanor'], ['fred', 'frederick'], ['freddie', 'frederick'], ['gabe', 'gabriel'],
    ['greg', 'gregory'], ['hank', 'henry'], ['harry', 'henry'], ['jack', 'john'], ['jake', 'jacob'],
    ['jamie', 'james'], ['jen', 'jennifer'], ['jenny', 'jennifer'], ['jerry', 'gerald'], ['jim', 'james'],
    ['jimmy', 'james'], ['joe', 'joseph'], ['joey', 'joseph'], ['john', 'jonathan'], ['johnny', 'john'],
    ['jon', 'jonathan'], ['josh', 'joshua'], ['kate', 'katherine'], ['kathy', 'katherine'], ['katie', 'katherine'],
    ['ken', 'kenneth'], ['kim', 'kimberly'], ['larry', 'lawrence'], ['liz', 'elizabeth'], ['lizzie', 'elizabeth'],
    ['maggie', 'margaret'], ['matt', 'matthew'], ['meg', 'margaret'], ['mike', 'michael'], ['mickey', 'michael'],
    ['nate', 'nathan'], ['nick', 'nicholas'], ['nicky', 'nicole'], ['pam', 'pamela'], ['pat', 'patricia'],
    ['pat', 'patrick'], ['patty', 'patricia'], ['peggy', 'margaret'], ['pete', 'peter'], ['phil', 'philip'],
    ['ray', 'raymond'], ['rich', 'richard'], ['rick', 'richard'], ['rob', 'robert'], ['robbie', 'robert'],
    ['ron', 'ronald'], ['sally', 'sarah'], ['sam', 'samuel'], ['sam', 'samantha'], ['sandy', 'sandra'],
    ['steve', 'steven'], ['steve', 'stephen'], ['sue', 'susan'], ['susie', 'susan'], ['ted', 'edward'],
    ['theo', 'theodore'], ['tim', 'timothy'], ['tom', 'thomas'], ['tommy', 'thomas'], ['tony', 'anthony'],
    ['val', 'valerie'], ['vicky', 'victoria'], ['will', 'william'], ['zach', 'zachary'],
    ['beppe', 'giuseppe'], ['pino', 'giuseppe'], ['sandro', 'alessandro'], ['fede', 'federico'], ['paco', 'francisco'],
    ['pepe', 'jose'], ['lola', 'dolores'], ['manu', 'manuel'], ['nacho', 'ignacio'], ['quique', 'enrique'],
    ['hansi', 'hans'], ['hans', 'johannes'], ['sepp', 'josef'], ['lene', 'helene'], ['steffi', 'stefanie'],
    ['jo', 'johanna'], ['fritz', 'friedrich'], ['uli', 'ulrich'], ['wim', 'willem'], ['jan', 'johannes'],
    ['sasha', 'alexander'], ['misha', 'mikhail'], ['dima', 'dmitri'], ['jp', 'jeanpierre'], ['manon', 'marie']
] -%}
{%- for nickname, formal in pairs %}
    ('{{ nickname }}', '{{ formal }}'){{ ',' if not loop.last }}
{%- endfor %}
) as t(nickname, formal_name)
