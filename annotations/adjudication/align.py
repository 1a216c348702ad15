import json, sys
from pathlib import Path
HERE = Path(__file__).resolve().parent
A=json.load(open(HERE.parent / 'pass_a.json', encoding='utf-8'))
B=json.load(open(HERE.parent / 'pass_b.json', encoding='utf-8'))
def iou(x,y):
    i=max(0,min(x['end'],y['end'])-max(x['start'],y['start'])); u=max(x['end'],y['end'])-min(x['start'],y['start'])
    return i/u if u else 0
def match(la,lb):
    pairs=sorted(((iou(a,b),i,j) for i,a in enumerate(la) for j,b in enumerate(lb)),reverse=True)
    ua,ub,m=set(),set(),[]
    for s,i,j in pairs:
        if s<0.5: break
        if i in ua or j in ub: continue
        ua.add(i);ub.add(j);m.append((i,j))
    return sorted(m),[i for i in range(len(la)) if i not in ua],[j for j in range(len(lb)) if j not in ub]
def align(doc_a,doc_b):
    out={}
    ea={(e['start'],e['end']):e for e in doc_a['entities']}; eb={(e['start'],e['end']):e for e in doc_b['entities']}
    both=[k for k in ea if k in eb]
    ent={'agreed':[],'diff':[],'onlyA':[ea[k] for k in ea if k not in eb],'onlyB':[eb[k] for k in eb if k not in ea]}
    for k in sorted(both):
        a,b=ea[k],eb[k]
        f=[x for x in ('label','subtype','canonical','cluster_id') if a.get(x)!=b.get(x)]
        (ent['diff'] if f else ent['agreed']).append((a,b,f))
    out['entities']=ent
    for layer,fields in (('claims',('verdict','claimant')),('errors',('type','correction','group_id_n','confidence'))):
        la,lb=doc_a[layer],doc_b[layer]
        m,oa,ob=match(la,lb)
        d={'agreed':[],'diff':[],'onlyA':[la[i] for i in oa],'onlyB':[lb[j] for j in ob]}
        for i,j in m:
            a,b=la[i],lb[j]
            f=[x for x in fields if x!='group_id_n' and a.get(x)!=b.get(x)]
            if (a['start'],a['end'])!=(b['start'],b['end']): f.append('span')
            (d['diff'] if [x for x in f if x in ('verdict','claimant','type','correction')] else d['agreed']).append((a,b,f))
        out[layer]=d
    return out
if __name__=='__main__':
    for da,db in zip(A['documents'],B['documents']):
        assert da['doc_id']==db['doc_id']
        r=align(da,db)
        print('='*20,da['doc_id'])
        for layer in ('entities','claims','errors'):
            x=r[layer]; print(layer,{k:len(v) for k,v in x.items()})
